import { describe, expect, it } from 'vitest';
import { parseVariables, VariableSyntaxError, type VariableNode } from '../../../src/config/variables/parse.js';

const only = (text: string): VariableNode => {
  const t = parseVariables(text);
  expect(t).toHaveLength(1);
  return t![0] as VariableNode;
};

describe('variable grammar (Serverless Framework v3)', () => {
  it('a string without variables is left alone', () => {
    expect(parseVariables('plain text')).toBeUndefined();
    expect(parseVariables('fo$o b$$ar ()')).toBeUndefined();
  });

  it('reads source and address', () => {
    expect(only('${self:custom.name}').sources).toEqual([{ kind: 'ref', type: 'self', address: ['custom.name'] }]);
    expect(only('${type:address:with:colons}').sources[0]).toMatchObject({ address: ['address:with:colons'] });
  });

  it('an empty address is no address (${self:} is the root)', () => {
    expect(only('${self:}').sources).toEqual([{ kind: 'ref', type: 'self' }]);
  });

  it('reads params: text, numbers, booleans, null, quoted strings and skipped ones', () => {
    expect(only('${file(./x.yml):a.b}').sources[0]).toEqual({ kind: 'ref', type: 'file', params: [{ literal: './x.yml' }], address: ['a.b'] });
    expect(only('${t(a, 232, true, null)}').sources[0]).toMatchObject({
      params: [{ literal: 'a' }, { literal: 232 }, { literal: true }, { literal: null }],
    });
    expect(only(`\${t(",},\${\\"p", ',},\${q' )}`).sources[0]).toMatchObject({ params: [{ literal: ',},${"p' }, { literal: ',},${q' }] });
    expect(only('${t(,,)}').sources[0]).toMatchObject({ params: [{ literal: null }, { literal: null }] });
    expect(only('${t()}').sources[0]).toMatchObject({ params: [] });
  });

  it('reads fallbacks: sources, quoted strings of either quote, numbers, booleans, null', () => {
    expect(only(`\${opt:stage, self:provider.stage, 'dev'}`).sources).toEqual([
      { kind: 'ref', type: 'opt', address: ['stage'] },
      { kind: 'ref', type: 'self', address: ['provider.stage'] },
      { kind: 'literal', value: 'dev' },
    ]);
    expect(only('${opt:x, "a, b"}').sources[1]).toEqual({ kind: 'literal', value: 'a, b' });
    expect(only('${opt:x, 10}').sources[1]).toEqual({ kind: 'literal', value: 10 });
    expect(only('${opt:x, false }').sources[1]).toEqual({ kind: 'literal', value: false });
    expect(only('${opt:x, null}').sources[1]).toEqual({ kind: 'literal', value: null });
  });

  it('reads variables nested in addresses and params', () => {
    const v = only('${self:custom.${opt:stage}.name}');
    expect(v.sources[0]).toMatchObject({ type: 'self', address: ['custom.', { kind: 'variable', text: '${opt:stage}' }, '.name'] });
    const f = only('${file(./${opt:stage}.yml):a}');
    expect(f.sources[0]).toMatchObject({ params: [{ template: ['./', { text: '${opt:stage}' }, '.yml'] }] });
  });

  it('splits text around variables', () => {
    const t = parseVariables('arn:${aws:region}:${self:service}-x')!;
    expect(t.map((p) => (typeof p === 'string' ? p : p.text))).toEqual(['arn:', '${aws:region}', ':', '${self:service}', '-x']);
  });

  it('leaves CloudFormation Fn::Sub notation alone: ${AWS::Region}, ${!Literal}, ${Name}, ${Res.Attr}', () => {
    expect(parseVariables('${AWS::Region}')).toBeUndefined();
    expect(parseVariables('arn:${AWS::Partition}:s3:::${BucketName}/*')).toBeUndefined();
    expect(parseVariables('${!Literal}')).toBeUndefined();
    expect(parseVariables('${stageVariables.name} ${foo::bar} ${}')).toBeUndefined();
    expect(parseVariables('${MyQueue.Arn}')).toBeUndefined();
  });

  it('finds a variable inside foreign notation', () => {
    const t = parseVariables('${AWS::${opt:x}}')!;
    expect(t.map((p) => (typeof p === 'string' ? p : p.text))).toEqual(['${AWS::', '${opt:x}', '}']);
  });

  it('\\${ escapes a variable; pairs of backslashes collapse', () => {
    expect(parseVariables('a \\${opt:x} b')).toEqual(['a ${opt:x} b']);
    const t = parseVariables('\\\\${opt:x}')!;
    expect(t[0]).toBe('\\');
    expect((t[1] as VariableNode).text).toBe('${opt:x}');
    expect(parseVariables('\\\\\\${opt:x}')).toEqual(['\\${opt:x}']);
  });

  it.each([
    ['${opt:stage', 'missing closing'],
    ['${file(./x.yml}', 'unexpected "}"'],
    ['${opt:x, dev}', "quote it ('dev')"],
    ['${opt:x, "a", 1}', 'must be the last'],
    ['${self:a.${AWS::Region}}', 'must be a variable'],
    ["${t('a'bar)}", 'expected "," or ")"'],
    ['${t:"a"b}', 'quoted address'],
    ['${opt:x, 000:}', 'not a source name'],
  ])('rejects %s', (text, detail) => {
    expect(() => parseVariables(text)).toThrow(VariableSyntaxError);
    expect(() => parseVariables(text)).toThrow(detail);
  });
});
