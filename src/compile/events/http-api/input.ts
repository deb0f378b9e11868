import { mappingRefs } from '../../../config/schema/http-api.js';
import { isObject } from '../common.js';

/**
 * `input` → the StartExecution `Input` request parameter: JSON text that API Gateway fills in at request
 * time. A value that is exactly a body reference (`$request.body`, `$request.body.order`) goes in as JSON;
 * every other request value goes inside a JSON string; fixed text is JSON-escaped here.
 */

const REF_TEXT = /\$\{([^}]*)\}|\$((?:request|context|stageVariables)[\w.\-[\]]*)/g;

/** Request references in `text` in the braces form API Gateway interpolates inside other text. */
function interpolated(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(REF_TEXT)) {
    out += JSON.stringify(text.slice(last, m.index)).slice(1, -1);
    out += `\${${m[1] ?? m[2]}}`;
    last = m.index + m[0].length;
  }
  return out + JSON.stringify(text.slice(last)).slice(1, -1);
}

function valueText(v: unknown): string {
  if (typeof v === 'string') {
    const r = mappingRefs(v);
    if (!('problem' in r) && r.whole && r.refs[0].source === 'body') return interpolated(v);
    return `"${interpolated(v)}"`;
  }
  if (isObject(v)) return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${valueText(x)}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** The Input parameter: the body by default, one request value as written, or an object built as JSON text. */
export function inputParameter(input: string | Record<string, unknown> | undefined): string {
  if (input === undefined) return '$request.body';
  const r = typeof input === 'string' ? mappingRefs(input) : undefined;
  // A lone body reference is passed as written; anything else becomes JSON text (a bare path value is not JSON).
  if (r && !('problem' in r) && r.whole && r.refs[0].source === 'body' && !input.toString().startsWith('${')) return input as string;
  return valueText(input);
}
