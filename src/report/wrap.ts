// Fitting text to a terminal's width: the terminal would otherwise break lines mid-word and mid-column.

/**
 * Breaks `text` at spaces into lines of at most `width` characters, every line after the first indented
 * by `indent` spaces. A word longer than a line (an ARN, a URL) gets a line of its own and is not cut, so
 * it can still be copied whole. Line breaks in `text` are kept (each part wrapped on its own, its leading
 * spaces kept).
 */
export function wrapText(text: string, width: number, indent = 0): string[] {
  const lines: string[] = [];
  for (const part of text.split('\n')) {
    const lead = /^ */.exec(part)![0];
    let line = lead;
    const limit = () => (lines.length ? width - indent : width);
    const flush = () => {
      lines.push((lines.length ? ' '.repeat(indent) : '') + line);
      line = lead;
    };
    for (const word of part.slice(lead.length).split(/ +/)) {
      if (!word) continue;
      if (line.length > lead.length && line.length + 1 + word.length > limit()) flush();
      line += (line.length > lead.length ? ' ' : '') + word;
    }
    if (line.length > lead.length || part === '') flush();
  }
  return lines;
}
