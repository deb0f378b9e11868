import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Budget, DEFAULT_LIMITS, parseLimits } from '../../../src/config/limits.js';
import { parseText } from '../../../src/config/load.js';
import { UsageError, UserError, type Diagnostic } from '../../../src/errors.js';
import { packageService } from '../../../src/pipeline.js';
import { service as machine } from '../../validate/adversarial.js';
import { resolverFor, serviceDir, userErrorOf } from '../variables/helpers.js';

/** Each bound, crossed: one located error naming the bound and the flag that raises it. Small bounds keep these fast. */
const budget = (...flags: string[]) => new Budget(parseLimits(flags));

function parseError(text: string, file: string, b = new Budget()): Diagnostic {
  try {
    parseText(text, file, b);
  } catch (err) {
    if (err instanceof UserError) return err.diagnostics[0];
    throw err;
  }
  throw new Error('expected a UserError');
}

function expectBound(d: Diagnostic, name: string) {
  expect(d.code).toBe('limit-exceeded');
  expect(d.message).toMatch(new RegExp(`over the bound of [\\d,]+ \\(${name}\\)$`));
  expect(d.hint).toContain(`--bound ${name}=<n>`);
}


describe('--bound', () => {
  it('raises or lowers a bound by name, with KB and MB suffixes', () => {
    const l = parseLimits(['depth=500', 'file-size=50MB', 'string-length=64kb', 'variables=1_000']);
    expect(l).toEqual({ ...DEFAULT_LIMITS, depth: 500, fileSize: 50 * 1024 * 1024, stringLength: 64 * 1024, variables: 1000 });
  });

  it('an unknown name or a value that is not a number is a usage error listing the names', () => {
    for (const bad of ['deep=5', 'depth=', 'depth=five', 'depth=5GB']) {
      expect(() => parseLimits([bad])).toThrow(UsageError);
    }
    try {
      parseLimits(['deep=5']);
    } catch (err) {
      expect((err as UsageError).hint).toContain('file-size, string-length, depth, aliases, expanded-size, variables, file-reads, template-size');
    }
  });
});

describe('the shape of a parsed file', () => {
  it('a billion-laughs bomb is refused at the alias that repeats, in milliseconds, without expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) levels.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9).fill(`*${'abcdefghij'[i - 1]}`).join(', ')}]`);
    const text = `x:\n${levels.map((l) => `  ${l}`).join('\n')}\nuse: *j\n`;
    const d = parseError(text, '/svc/serverless.yml');
    expectBound(d, 'expanded-size');
    // The first node over the bound is x.h (9 × *g); the error stands on an alias *g inside it.
    expect(d.path).toEqual(['x', 'h']);
    expect(d.message).toMatch(/^expands to [\d,]+ characters and values once its aliases are copied out \(it repeats \*g, [\d,]+ each, 9 times\)/);
    expect(d.file).toBe('/svc/serverless.yml');
    expect(d.line).toBe(9);
    expect(text.split('\n')[d.line! - 1].slice(d.column! - 1)).toMatch(/^\*g/);
  });

  it('a list of many aliases of one node is measured as written out', () => {
    const text = `big: &big [${Array(100).fill('"0123456789"').join(',')}]\nmany: [${Array(50).fill('*big').join(',')}]\n`;
    const b = new Budget();
    parseText(text, 'x.yml', b);
    expect(b.used.expandedSize).toBe(1 + (1 + 100 * 10) + (1 + 50 * (1 + 100 * 10)));
    expect(b.used.aliases).toBe(50);
    expectBound(parseError(text, 'x.yml', budget('expanded-size=20000')), 'expanded-size');
  });

  it('aliases over the count bound are refused at the first one too many', () => {
    const text = `a: &a 1\nlist:\n${Array(6).fill('  - *a').join('\n')}\n`;
    const d = parseError(text, '/svc/serverless.yml', budget('aliases=5'));
    expectBound(d, 'aliases');
    expect(d.message).toMatch(/^serverless\.yml uses more than 5 aliases/);
    expect(d.line).toBe(8);
  });

  it('nesting deeper than the depth bound is refused in YAML (block and flow) and JSON, without a stack overflow', () => {
    const block = `${Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} 1\n`;
    const flow = `x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const json = `{"x": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    for (const [text, file] of [[block, 'a.yml'], [flow, 'b.yml'], [json, 'c.json']]) {
      const d = parseError(text, file);
      expectBound(d, 'depth');
      expect(d.message).toMatch(/^mappings and lists nest (more than 200 deep|too deep to parse)/);
    }
    expect(() => parseText(`x: ${'['.repeat(150)}${']'.repeat(150)}\n`, 'ok.yml')).not.toThrow();
  });

  it('a string longer than the string bound is refused at its path', () => {
    const d = parseError(`a:\n  b: "${'x'.repeat(101)}"\n`, 'x.yml', budget('string-length=100'));
    expectBound(d, 'string-length');
    expect(d.path).toEqual(['a', 'b']);
    expect(d.line).toBe(2);
  });

  it('a byte order mark is dropped from JSON as YAML drops it', () => {
    expect(parseText('\uFEFF{"a": 1}', 'x.json')).toEqual({ a: 1 });
    expect(parseText('\uFEFFa: 1\r\nb: 2\r\n', 'x.yml')).toEqual({ a: 1, b: 2 });
  });
});

describe('bounds while variables resolve', () => {
  it('a bomb built from ${self:} references stops at the expanded-size bound, at the variable', async () => {
    const lines = ['l0: [a, a, a, a, a, a, a, a, a]'];
    for (let i = 1; i < 12; i++) lines.push(`l${i}: [${Array(9).fill(`"\${self:l${i - 1}}"`).join(', ')}]`);
    const r = await resolverFor(`${lines.join('\n')}\nuse: \${self:l11}\n`);
    const err = await userErrorOf(r.get(['use']));
    expectBound(err.diagnostics[0], 'expanded-size');
    expect(err.diagnostics[0].message).toMatch(/^the config expands to more than [\d,]+ characters and values as its variables resolve/);
    expect(err.diagnostics[0].file).toMatch(/serverless\.yml$/);
  });

  it('text doubled by variables stops at the string bound', async () => {
    const lines = ['s0: xxxxxxxxxx'];
    for (let i = 1; i < 40; i++) lines.push(`s${i}: \${self:s${i - 1}}\${self:s${i - 1}}`);
    const r = await resolverFor(`${lines.join('\n')}\n`, { budget: budget('string-length=10000') });
    const err = await userErrorOf(r.get(['s39']));
    const d = err.diagnostics[0];
    expectBound(d, 'string-length');
    expect(d.message).toMatch(/^the text "\$\{self:s\d+\}\$\{self:s\d+\}" builds a string of more than 10,000 characters/);
    expect(d.line).toBeGreaterThan(1);
  });

  it('more variables than the variables bound stop the run, at the one too many', async () => {
    const r = await resolverFor(`a: [${Array.from({ length: 30 }, (_, i) => `"\${opt:v${i}, 'x'}"`).join(', ')}]\n`, { budget: budget('variables=20') });
    const d = (await userErrorOf(r.get(['a']))).diagnostics[0];
    expectBound(d, 'variables');
    expect(d.path).toEqual(['a', 20]);
  });

  it('more files than the file-reads bound stop the run', async () => {
    const files = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}.yml`, `v: ${i}\n`]));
    const r = await resolverFor(`a: [${Object.keys(files).map((f) => `"\${file(./${f}):v}"`).join(', ')}]\n`, { files, budget: budget('file-reads=5') });
    const d = (await userErrorOf(r.get(['a']))).diagnostics[0];
    expectBound(d, 'file-reads');
    expect(d.path).toEqual(['a', 5]);
  });

  it('a ${file()} larger than the file-size bound is not read; its own bounds apply inside it', async () => {
    const r = await resolverFor('big: ${file(./big.txt)}\ndeep: ${file(./deep.yml)}\n', {
      files: { 'big.txt': 'x'.repeat(2000), 'deep.yml': 'a: [[[[[[1]]]]]]\n' },
      budget: budget('file-size=1000', 'depth=4'),
    });
    const big = (await userErrorOf(r.get(['big']))).diagnostics[0];
    expectBound(big, 'file-size');
    expect(big.message).toMatch(/^\$\{file\(\.\/big\.txt\)\}: \.\/big\.txt is 2,000 bytes/);
    const deep = (await userErrorOf(r.get(['deep']))).diagnostics[0];
    expectBound(deep, 'depth');
    expect(deep.file).toMatch(/deep\.yml$/);
    expect(deep.line).toBe(1);
  });

  it('${file()} of something that is not a regular file (a device that never ends) is refused', async () => {
    const r = await resolverFor('z: ${file(/dev/zero)}\n', { allowFiles: ['/dev/zero'] });
    const d = (await userErrorOf(r.get(['z']))).diagnostics[0];
    expect(d.message).toMatch(/\/dev\/zero is not a regular file/);
  });
});

describe('bounds on the whole run', () => {
  it('the config file itself over the file-size bound is refused before it is read', async () => {
    const dir = serviceDir({ 'serverless.yml': machine('"x"') });
    await expect(packageService({ cwd: dir, limits: parseLimits(['file-size=100']) })).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ code: 'limit-exceeded', file: join(dir, 'serverless.yml'), message: expect.stringMatching(/^serverless\.yml is \d+ bytes, over the bound of 100 \(file-size\)$/) })],
    });
  });

  it('a template over the template-size bound is an error, and nothing is returned', async () => {
    const dir = serviceDir({ 'serverless.yml': machine('"x"') });
    const ok = await packageService({ cwd: dir });
    const size = ok.templateBytes;
    await expect(packageService({ cwd: dir, limits: parseLimits([`template-size=${size - 1}`]) })).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ message: `the template would be ${size.toLocaleString('en-US')} bytes, over the bound of ${(size - 1).toLocaleString('en-US')} (template-size)` })],
    });
  });

  it('a bound raised with --bound lets a config through that the default refuses', async () => {
    const dir = serviceDir({ 'serverless.yml': machine(`${'['.repeat(210)}1${']'.repeat(210)}`) });
    await expect(packageService({ cwd: dir })).rejects.toThrow(/over the bound of 200 \(depth\)/);
    const r = await packageService({ cwd: dir, limits: parseLimits(['depth=300']) });
    expect(JSON.stringify(r.template)).toContain('[[[[1]]]]');
  });
});

