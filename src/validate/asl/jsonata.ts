/**
 * JSONata states: `{% expression %}` strings are syntax-checked with the `jsonata` package, loaded
 * (loadJsonataFor) only when a definition holds JSONata, before the checks, which stay synchronous.
 */
import { loadJsonata, type JsonataCompile } from '../../util/jsonata.js';
import { error, warning, type Ctx, type Path } from './context.js';
import { hasPlaceholder, isJsonataText, isPlainObject } from './values.js';

let compile: JsonataCompile | undefined;

function holdsJsonata(value: unknown): boolean {
  if (typeof value === 'string') return value.startsWith('{%');
  return value !== null && typeof value === 'object' && Object.values(value).some(holdsJsonata);
}

/** Call (and await) before validateDefinition: loads jsonata when one of the definitions needs it. */
export async function loadJsonataFor(definitions: unknown[]): Promise<void> {
  if (!compile && definitions.some(holdsJsonata)) compile = await loadJsonata();
}

/** Nested scopes are states of their own; their expressions are collected when those states are visited. */
const OWN_SCOPES = new Set(['Branches', 'ItemProcessor', 'Iterator']);

/** Collects `{% %}` strings of a JSONata state (in any field, at any depth) for checkJsonata. */
export function collectJsonata(ctx: Ctx, value: unknown, path: Path, top = true): void {
  if (typeof value === 'string') {
    if (isJsonataText(value)) {
      // `${X}` / `#{X}` are filled in by CloudFormation first: the expression is only known after that.
      if (!hasPlaceholder(value)) ctx.jsonata.push({ text: value, path });
    }
    else if (value.startsWith('{%')) {
      warning(ctx, path, 'jsonata-unclosed', `${JSON.stringify(value.length > 50 ? `${value.slice(0, 47)}...` : value)} starts with {% but does not end with %}, so Step Functions takes it as a plain string`, 'end the expression with %} (nothing may follow it)');
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => collectJsonata(ctx, v, [...path, i], false));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (top && OWN_SCOPES.has(k)) continue;
    collectJsonata(ctx, v, [...path, k], false);
  }
}

export function checkJsonata(ctx: Ctx): void {
  if (ctx.jsonata.length === 0) return;
  const jsonata = compile;
  if (!jsonata) throw new Error('validateDefinition met JSONata before loadJsonataFor() loaded jsonata');
  for (const { text, path } of ctx.jsonata) {
    const source = text.slice(2, -2);
    if (!source.trim()) {
      error(ctx, path, 'invalid-jsonata', 'the JSONata expression {% %} is empty', 'write an expression between {% and %}, e.g. {% $states.input %}');
      continue;
    }
    try {
      jsonata(source);
    } catch (err) {
      const e = err as { message?: string; position?: number };
      const where = typeof e.position === 'number' ? ` (at character ${e.position + 2} of the string)` : '';
      error(
        ctx,
        path,
        'invalid-jsonata',
        `${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)} is not a valid JSONata expression: ${e.message ?? String(err)}${where}`,
        'check brackets, quotes and operators; JSONata reference: https://docs.jsonata.org',
      );
    }
  }
}
