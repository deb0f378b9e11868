import { describe, expect, it } from 'vitest';
import { compileService } from '../../src/compile/index.js';
import { machine, service } from './events/helpers.js';

/** A resources.Outputs entry written with the logical ID of an output stepf generates (`<Machine>Arn`). */
describe('a user output with a generated output\'s logical ID', () => {
  const compile = (output: Record<string, unknown>) =>
    compileService(service([machine('orders', { name: 'Orders' })], { resources: { Outputs: { OrdersArn: output } } }));

  it('with the same value is one output, the user\'s (its Export kept), and no warning', () => {
    const r = compile({ Value: { Ref: 'Orders' }, Export: { Name: 'orders-arn' } });
    expect(r.template.Outputs).toEqual({ OrdersArn: { Value: { Ref: 'Orders' }, Export: { Name: 'orders-arn' } } });
    expect(r.warnings.filter((w) => w.code === 'output-replaced')).toEqual([]);
  });

  it('Fn::GetAtt [machine, Arn] is the same value as Ref machine', () => {
    const r = compile({ Value: { 'Fn::GetAtt': ['Orders', 'Arn'] } });
    expect(r.template.Outputs?.OrdersArn).toEqual({ Value: { 'Fn::GetAtt': ['Orders', 'Arn'] } });
    expect(r.warnings.filter((w) => w.code === 'output-replaced')).toEqual([]);
  });

  it('with a different value, the user\'s wins with a warning naming it; never an error', () => {
    const r = compile({ Value: { 'Fn::GetAtt': ['Orders', 'Name'] } });
    expect(r.template.Outputs?.OrdersArn).toEqual({ Value: { 'Fn::GetAtt': ['Orders', 'Name'] } });
    const w = r.warnings.filter((x) => x.code === 'output-replaced');
    expect(w.map((x) => x.path)).toEqual([['resources', 'Outputs', 'OrdersArn']]);
    expect(w[0].message).toContain('with a different Value: yours is kept');
  });

  it('a resource (not an output) with a generated logical ID is still an error', () => {
    expect(() => compileService(service([machine('orders', { name: 'Orders' })], { resources: { Resources: { OrdersRole: { Type: 'AWS::IAM::Role' } } } }))).toThrow(
      /resources\.Resources\.OrdersRole has the same logical ID/,
    );
  });
});
