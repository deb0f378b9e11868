/** Intrinsic functions of JSONPath states (`"x.$": "States.Format('{}', $.a)"`): names and arity. */
import { ARITY, IntrinsicSyntaxError, parseIntrinsic, type IntrinsicArg } from '../../asl/intrinsics.js';
import { suggest } from './suggest.js';
import { pathProblem } from './paths.js';

export interface IntrinsicProblem {
  message: string;
  hint: string;
  /** A mismatch Step Functions only meets at run time (States.IntrinsicFailure) is a warning. */
  severity?: 'warning';
}

function arityText(name: string): string {
  const [min, max] = ARITY[name];
  if (min === max) return `${min} argument${min === 1 ? '' : 's'}`;
  if (max === Infinity) return `at least ${min} argument${min === 1 ? '' : 's'}`;
  return `${min} to ${max} arguments`;
}

function checkCall(call: Extract<IntrinsicArg, { kind: 'call' }>): IntrinsicProblem | undefined {
  const name = `States.${call.name}`;
  if (!ARITY[name]) {
    const m = suggest(name, Object.keys(ARITY));
    return {
      message: `${name} is not an intrinsic function`,
      hint: m ? `did you mean "${m}"?` : `the intrinsic functions are ${Object.keys(ARITY).join(', ')}`,
    };
  }
  const [min, max] = ARITY[name];
  if (call.args.length < min || call.args.length > max) {
    return {
      message: `${name} takes ${arityText(name)}, got ${call.args.length}`,
      hint: `check the commas and parentheses of the ${name}(...) call`,
    };
  }
  if (name === 'States.Format') {
    const first = call.args[0];
    if (first.kind === 'literal' && typeof first.value === 'string' && first.template) {
      const holes = first.template.length - 1;
      if (holes !== call.args.length - 1) {
        return {
          message: `States.Format's template has ${holes} {} placeholder${holes === 1 ? '' : 's'} but ${call.args.length - 1} ${call.args.length === 2 ? 'value follows' : 'values follow'}`,
          hint: 'give one value after the template for each {} (the execution fails with States.IntrinsicFailure otherwise)',
          severity: 'warning',
        };
      }
    }
  }
  for (const arg of call.args) {
    if (arg.kind === 'call') {
      const p = checkCall(arg);
      if (p) return p;
    } else if (arg.kind === 'path') {
      const p = pathProblem(arg.text);
      if (p) return { message: `the argument ${JSON.stringify(arg.text)} of ${name} is not a path: ${p}`, hint: 'arguments are quoted strings, numbers, true/false/null, paths ($.x) or intrinsic calls' };
    }
  }
  return undefined;
}

// The answer depends on the text alone, and configs repeat the same calls across states and machines.
const memo = new Map<string, IntrinsicProblem | null>();

/** Why `text` (which starts with `States.`) is not a valid intrinsic function call, or undefined. */
export function intrinsicProblem(text: string): IntrinsicProblem | undefined {
  let answer = memo.get(text);
  if (answer === undefined) {
    answer = parseAndCheck(text) ?? null;
    if (memo.size < 10_000) memo.set(text, answer);
  }
  return answer ?? undefined;
}

function parseAndCheck(text: string): IntrinsicProblem | undefined {
  let call;
  try {
    call = parseIntrinsic(text);
  } catch (err) {
    if (err instanceof IntrinsicSyntaxError) {
      return { message: err.message, hint: "write States.Name(arg, ...) with strings in single quotes: States.Format('Hello {}', $.name)" };
    }
    throw err;
  }
  return checkCall(call);
}
