import { describe, expect, it } from 'vitest';
import { resolverFor, userErrorOf } from './helpers.js';

describe('${file(./x.js)}: JavaScript variable sources', () => {
  it('a CommonJS module.exports value is the value', async () => {
    const r = await resolverFor('a: ${file(./v.cjs)}\nb: ${file(./v.cjs):nested.n}', {
      files: { 'v.cjs': 'module.exports = { nested: { n: 3 }, list: [1] };' },
    });
    expect(await r.get(['a'])).toEqual({ nested: { n: 3 }, list: [1] });
    expect(await r.get(['b'])).toBe(3);
  });

  it('an exported (async) function is called with options, resolveVariable and resolveConfigurationProperty', async () => {
    const r = await resolverFor(
      `service: svc
custom: { memory: 256 }
a: \${file(./fn.mjs)}`,
      {
        options: { stage: 'prod' },
        files: {
          'fn.mjs': `export default async ({ options, resolveVariable, resolveConfigurationProperty }) => ({
            stage: options.stage,
            service: await resolveVariable('self:service'),
            memory: await resolveConfigurationProperty(['custom', 'memory']),
          });`,
        },
      },
    );
    expect(await r.get(['a'])).toEqual({ stage: 'prod', service: 'svc', memory: 256 });
  });

  it(':key picks an exported function and calls it, or an exported value', async () => {
    const r = await resolverFor('a: ${file(./named.mjs):rate}\nb: ${file(./named.mjs):settings.level}\nc: ${file(./named.cjs):make}', {
      files: {
        'named.mjs': 'export const rate = () => Promise.resolve(5);\nexport const settings = { level: "high" };',
        'named.cjs': 'exports.make = async () => ({ made: true });',
      },
    });
    expect(await r.get(['a'])).toBe(5);
    expect(await r.get(['b'])).toBe('high');
    expect(await r.get(['c'])).toEqual({ made: true });
  });

  it('values are kept as plain data (functions and undefined drop out)', async () => {
    const r = await resolverFor('a: ${file(./odd.cjs)}', {
      files: { 'odd.cjs': 'module.exports = () => ({ keep: 1, fn() {}, gone: undefined, d: new Date(0) });' },
    });
    expect(await r.get(['a'])).toEqual({ keep: 1, d: '1970-01-01T00:00:00.000Z' });
  });

  it('a function that throws is an error naming the file', async () => {
    const r = await resolverFor('a: ${file(./bad.cjs)}', { files: { 'bad.cjs': 'module.exports = () => { throw new Error("no secret"); };' } });
    const d = (await userErrorOf(r.get(['a']))).diagnostics[0];
    expect(d.code).toBe('variable-source-error');
    expect(d.message).toContain('the function exported by ./bad.cjs failed: no secret');
  });

  it('a function that asks for a broken variable reports that variable', async () => {
    const r = await resolverFor('a: ${file(./ask.cjs)}', {
      files: { 'ask.cjs': 'module.exports = ({ resolveVariable }) => resolveVariable("env:NOPE");' },
    });
    const d = (await userErrorOf(r.get(['a']))).diagnostics[0];
    expect(d.message).toContain('${env:NOPE} is not set');
  });

  it('a missing JS file takes the fallback', async () => {
    const r = await resolverFor(`a: \${file(./none.js), 'fb'}`);
    expect(await r.get(['a'])).toBe('fb');
  });

  it('a module that fails to load is an error', async () => {
    const r = await resolverFor('a: ${file(./broken.cjs)}', { files: { 'broken.cjs': 'module.exports = {;' } });
    const d = (await userErrorOf(r.get(['a']))).diagnostics[0];
    expect(d.message).toContain('cannot load ./broken.cjs');
  });
});
