// ANSI colour, only for terminals that want it (NO_COLOR disables, FORCE_COLOR enables).
export type Paint = (text: string) => string;

export interface Palette {
  green: Paint;
  red: Paint;
  yellow: Paint;
  dim: Paint;
  bold: Paint;
}

const wrap = (open: number, close: number): Paint => (t) => `\u001b[${open}m${t}\u001b[${close}m`;
const plain: Paint = (t) => t;

export function palette(enabled: boolean): Palette {
  if (!enabled) return { green: plain, red: plain, yellow: plain, dim: plain, bold: plain };
  return { green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

export function colourWanted(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/** Status colour: green for done, red for failed or rolled back, yellow for in progress. */
export function statusPaint(p: Palette, status: string): Paint {
  if (/FAILED|ROLLBACK/.test(status)) return p.red;
  if (status.endsWith('_COMPLETE')) return p.green;
  if (status.endsWith('_IN_PROGRESS')) return p.yellow;
  return (t) => t;
}
