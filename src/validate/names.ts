/**
 * Names AWS rejects at deploy time, caught before any call: state machine names, logical IDs and
 * pseudo-parameters. Each check takes (value, path) and returns diagnostics.
 */
import type { ConfigPath, Diagnostic } from '../errors.js';
import { KNOWN_PSEUDO } from '../compile/pseudo.js';
import { suggest } from './asl/suggest.js';

const MAX_MACHINE_NAME = 80;
const MAX_LOGICAL_ID = 255;
// Step Functions' naming rule: no whitespace, no < > { } [ ] ? * " # % ^ | ~ $ & , ; : /, no control characters.
const FORBIDDEN = /[\s<>{}[\]?*"#%^|~$&,;:/\u0000-\u001f\u007f-\u009f]/;
const PLACEHOLDER = /[#$]\{[^}]*\}/g;

function err(path: ConfigPath, code: string, message: string, hint: string): Diagnostic {
  return { severity: 'error', code, path, message, hint };
}

function show(c: string): string {
  if (/\s/.test(c)) return c === ' ' ? 'a space' : 'whitespace';
  if (/[\u0000-\u001f\u007f-\u009f]/.test(c)) return `the control character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${c}"`;
}

/** A state machine `name`: 1 to 80 characters, none of the ones Step Functions refuses. */
export function checkStateMachineName(value: unknown, path: ConfigPath): Diagnostic[] {
  if (typeof value !== 'string') return []; // the schema reports a wrong type; intrinsics are filled in by CloudFormation
  // `${AWS::Region}` / `#{AWS::Region}` are replaced at deploy time: judge the text around them.
  const literal = value.replace(PLACEHOLDER, '');
  if (value.length === 0) return [err(path, 'invalid-name', 'the state machine name is empty', 'remove name to let CloudFormation generate one, or give a name')];
  const out: Diagnostic[] = [];
  if (literal.length > MAX_MACHINE_NAME) {
    out.push(err(path, 'name-too-long', `the state machine name has ${literal.length} characters; Step Functions allows at most ${MAX_MACHINE_NAME}`, 'shorten the name (stage and service variables add up quickly)'));
  }
  const bad = FORBIDDEN.exec(literal);
  if (bad) {
    out.push(
      err(
        path,
        'invalid-name',
        `the state machine name ${JSON.stringify(value)} holds ${show(bad[0])}, which Step Functions does not allow in names`,
        'use letters, digits, "-", "_" and "."; names cannot hold whitespace or < > { } [ ] ? * " # % ^ | ~ $ & , ; : /',
      ),
    );
  }
  return out;
}

/** A CloudFormation logical ID: letters and digits only, at most 255 characters. */
export function checkLogicalId(value: string, path: ConfigPath, hint = 'use letters and digits only'): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bad = /[^A-Za-z0-9]/.exec(value);
  if (bad) out.push(err(path, 'invalid-logical-id', `the logical ID ${JSON.stringify(value)} holds ${show(bad[0])}: CloudFormation allows letters and digits only`, hint));
  if (value.length > MAX_LOGICAL_ID) out.push(err(path, 'invalid-logical-id', `the logical ID has ${value.length} characters; CloudFormation allows at most ${MAX_LOGICAL_ID}`, hint));
  if (value.length === 0) out.push(err(path, 'invalid-logical-id', 'the logical ID is empty', hint));
  return out;
}

function pseudoProblems(text: string, path: ConfigPath, out: Diagnostic[]): void {
  for (const m of text.matchAll(/([#$])\{(AWS::[^}]*)\}/g)) {
    const name = m[2].trim();
    if (KNOWN_PSEUDO.has(name)) continue;
    const meant = suggest(name, KNOWN_PSEUDO);
    out.push(
      err(
        path,
        'unknown-pseudo-parameter',
        `${m[0]} is not a pseudo-parameter: CloudFormation would reject the template`,
        meant ? `did you mean "${m[1]}{${meant}}"?` : `the pseudo-parameters are ${[...KNOWN_PSEUDO].join(', ')}`,
      ),
    );
  }
}

/**
 * Every `#{AWS::X}` (and `${AWS::X}`) in a value names a real pseudo-parameter. `#{X}` without `AWS::` is a
 * reference to a resource, checked with the template's other references.
 */
export function checkPseudoParameters(value: unknown, path: ConfigPath): Diagnostic[] {
  const out: Diagnostic[] = [];
  // One path stack, copied only when a problem is found: this walks every value of every machine.
  const stack: Array<string | number> = [...path];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.includes('{AWS::')) pseudoProblems(v, [...stack], out);
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (x === null || (typeof x !== 'object' && typeof x !== 'string')) continue;
        stack.push(i);
        walk(x);
        stack.pop();
      }
    } else if (v !== null && typeof v === 'object') {
      const obj = v as Record<string, unknown>;
      for (const k in obj) {
        const x = obj[k];
        if (x === null || (typeof x !== 'object' && typeof x !== 'string')) continue;
        stack.push(k);
        walk(x);
        stack.pop();
      }
    }
  };
  walk(value);
  return out;
}
