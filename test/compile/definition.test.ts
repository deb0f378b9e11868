import { replacePseudo } from '../../src/compile/pseudo.js';
import { describe, expect, it } from 'vitest';
import { compileDefinition, countStates, type DefinitionString } from '../../src/compile/definition.js';

const parseSub = (d: ReturnType<typeof compileDefinition>) => {
  if (typeof d === 'string') return { text: d, vars: {} };
  const sub = d['Fn::Sub'];
  return typeof sub === 'string' ? { text: sub, vars: {} } : { text: sub[0], vars: sub[1] };
};

describe('compileDefinition', () => {
  it('a definition without substitutions is a plain compact JSON string', () => {
    const def = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };
    expect(compileDefinition(def)).toBe(JSON.stringify(def));
  });

  it('#{AWS::Region} pseudo-parameters become ${AWS::Region} inside Fn::Sub', () => {
    // compileDefinition leaves #{X} as written; compile's last pass (substitutePseudo) substitutes it.
    const d = replacePseudo(compileDefinition({ StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:f', End: true } } }));
    expect(d).toEqual({ 'Fn::Sub': expect.stringContaining('"Resource":"arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:f"') });
  });

  it('Ref and Fn::GetAtt are written inline as ${X} and ${X.Attr}', () => {
    const d = parseSub(
      compileDefinition({
        StartAt: 'A',
        States: { A: { Type: 'Task', Resource: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Parameters: { 'Q.$': '$.q', Queue: { Ref: 'Q' } }, End: true } },
      }),
    );
    expect(d.text).toContain('"Resource":"${Fn.Arn}"');
    expect(d.text).toContain('"Queue":"${Q}"');
    expect(d.vars).toEqual({});
  });

  it('a Wait Seconds given by an intrinsic stays a number (no quotes)', () => {
    const d = parseSub(compileDefinition({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: { Ref: 'WaitParam' }, End: true } } }));
    expect(d.text).toContain('"Seconds":${WaitParam}');
  });

  it('TimeoutSeconds given by an intrinsic stays a number too (the plugin quoted it)', () => {
    const d = parseSub(compileDefinition({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:x', TimeoutSeconds: { Ref: 'T' }, End: true } } }));
    expect(d.text).toContain('"TimeoutSeconds":${T}');
  });

  it('other intrinsics become named Fn::Sub variables, identical ones shared', () => {
    const imp = { 'Fn::ImportValue': 'shared-queue-url' };
    const d = parseSub(
      compileDefinition({ StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { a: imp, b: imp }, End: true } } }),
    );
    const names = Object.keys(d.vars);
    expect(names).toHaveLength(1);
    expect(d.vars[names[0]]).toEqual(imp);
    expect(d.text).toContain(`"a":"\${${names[0]}}","b":"\${${names[0]}}"`);
  });

  it('quotes, backslashes and unicode in values survive as valid JSON', () => {
    const tricky = 'he said "hi" \\ ünïcødé ✓';
    const d = compileDefinition({ StartAt: 'A', States: { A: { Type: 'Pass', Result: { msg: tricky }, End: true } } });
    expect(JSON.parse(d as string).States.A.Result.msg).toBe(tricky);
    const withSub = parseSub(compileDefinition({ StartAt: 'A', States: { A: { Type: 'Pass', Result: { msg: tricky, r: '#{AWS::Region}' }, End: true } } }));
    expect(JSON.parse(withSub.text).States.A.Result.msg).toBe(tricky);
  });

  it('an Fn::Sub string intrinsic is inlined and its own #{} rewritten', () => {
    const d = parseSub(replacePseudo(compileDefinition({ StartAt: 'A', States: { A: { Type: 'Task', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:#{AWS::Region}:1:function:f' }, End: true } } })) as DefinitionString);
    expect(JSON.parse(d.text).States.A.Resource).toBe('arn:${AWS::Partition}:lambda:${AWS::Region}:1:function:f');
  });

  it('#@{X} stays a literal #{X}, alone or beside a real #{X}, in a definition that is an Fn::Sub', () => {
    const def = { StartAt: 'A', States: { A: { Type: 'Pass', Result: { lit: '#@{AWS::Region}', both: '#@{Keep} in #{AWS::Region}', sub: '#{AWS::AccountId}' }, End: true } } };
    const d = parseSub(replacePseudo(compileDefinition(def)) as DefinitionString);
    expect(JSON.parse(d.text).States.A.Result).toEqual({ lit: '#{AWS::Region}', both: '#{Keep} in ${AWS::Region}', sub: '${AWS::AccountId}' });
  });
});

describe('countStates', () => {
  it('counts nested Parallel and Map states', () => {
    const def = {
      States: {
        P: { Type: 'Parallel', Branches: [{ States: { A: {}, B: {} } }, { States: { C: {} } }] },
        M: { Type: 'Map', ItemProcessor: { States: { D: {} } } },
        I: { Type: 'Map', Iterator: { States: { E: {} } } },
      },
    };
    expect(countStates(def)).toBe(8);
  });
});
