// dot → SVG with Graphviz compiled to WebAssembly (@viz-js/viz): offline, no browser, no native binary.
// Loaded only by `stepf graph --format svg`; the WebAssembly is inlined in the module, so the bundle needs no file next to it.
import { LAYOUT_FONT, SVG_FONTS } from './style.js';

export async function renderSvg(dot: string): Promise<string> {
  // One layout per process: V8's optimising tier-up of the Graphviz WebAssembly costs more than it saves
  // (a 300-state machine: about 0.3 s instead of 0.7 s cold, see scripts/bench-graph.mjs). Only this command sets it.
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--liftoff-only');
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const result = viz.render(dot, { format: 'svg', engine: 'dot' });
  if (result.status !== 'success' || result.output === undefined) {
    // The dot comes from stepf itself, so this is a stepf bug (reported as one), not a config mistake.
    throw new Error(`Graphviz could not draw the state machine: ${result.errors.map((e) => e.message.trim()).join('; ')}`);
  }
  // Laid out with LAYOUT_FONT's widths; shown in the first of SVG_FONTS the viewer has (all no wider).
  return result.output.replaceAll(`font-family="${LAYOUT_FONT}"`, `font-family="${SVG_FONTS}"`);
}
