import { describe, expect, it } from 'vitest';
import { palette } from '../../src/report/colour.js';
import { migrateJson, migrateText, nextSteps } from '../../src/report/migrate.js';
import type { MigrationPlan } from '../../src/migrate/plan.js';

const plain = palette(false);
const plan: MigrationPlan = {
  serverlessStack: 'svc-prod',
  stepfStack: 'svc-prod-stepf',
  rows: [{ action: 'done', type: 'AWS::StepFunctions::StateMachine', to: 'Orders', physicalId: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders' }],
  unmovable: [],
  outputsLeaving: [],
  nothingToMove: true,
  stackResourcesMove: [],
};

describe('stepf migrate output', () => {
  it('after --execute says which path it took and why, and asks no second --execute', () => {
    const view = { plan, region: 'us-east-1', stage: 'prod', notes: [], executed: { path: 'import' as const, id: 'cs-3', why: 'Stack refactoring is not supported in this region' } };
    const text = migrateText(view, plain);
    expect(text).toContain('Migrated: svc-prod → svc-prod-stepf (us-east-1)');
    expect(text).toContain('path taken: resource import (DeletionPolicy Retain, removed from the Serverless stack, IMPORT change set) cs-3 (Stack refactoring is not supported in this region)');
    expect(text).toContain("nothing of the plugin's is left to move: svc-prod-stepf holds it");
    expect(nextSteps(view)[0]).toMatch(/^remove serverless-step-functions from plugins:/);
    expect(migrateJson(view)).toMatchObject({ ok: true, executed: { path: 'import' }, nothingToMove: true, next: nextSteps(view) });
  });

  it('a plan with something to move starts its next steps with --execute on the same stage', () => {
    const view = { plan: { ...plan, nothingToMove: false, rows: [{ action: 'move' as const, type: 'AWS::IAM::Role', from: 'R', to: 'R', physicalId: 'r' }] }, region: 'us-east-1', stage: 'prod', notes: [] };
    expect(nextSteps(view)).toEqual([
      'stepf migrate --stage prod --execute   # moves the resources marked move, replacing none',
      'remove serverless-step-functions from plugins: in serverless.yml, then serverless deploy --stage prod   # a no-op on what moved',
      'stepf deploy --stage prod   # creates what is marked create',
    ]);
  });

  it('after a move in the same run shows the plan it followed, with the differences stepf deploy now makes, and what it read back', () => {
    const followed: MigrationPlan = {
      ...plan,
      nothingToMove: false,
      rows: [{ action: 'move', type: 'AWS::IAM::Role', from: 'OrdersRole', to: 'OrdersRole', physicalId: 'orders-role', differences: [{ path: 'Properties.Policies[0].PolicyDocument.Statement[0].Resource', deployed: '*', stepf: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders' }] }],
    };
    const after: MigrationPlan = { ...plan, rows: [{ action: 'done', type: 'AWS::IAM::Role', to: 'OrdersRole', physicalId: 'orders-role' }] };
    const view = { plan: followed, after, region: 'us-east-1', stage: 'prod', notes: [], executed: { path: 'refactor' as const, id: 'refactor-1' } };
    const text = migrateText(view, plain);
    expect(text).toMatch(/move\s+OrdersRole\s+→\s+OrdersRole\s+IAM::Role\s+orders-role/);
    expect(text).toContain('path taken: stack refactor refactor-1');
    expect(text).toContain('moved 1 resource; read back: 1 in svc-prod-stepf, 0 still to move');
    expect(text).toContain('Properties.Policies[0].PolicyDocument.Statement[0].Resource: * → arn:aws:states:us-east-1:123456789012:stateMachine:orders');
    expect(migrateJson(view)).toMatchObject({ rows: followed.rows, after: { rows: after.rows, nothingToMove: true }, nothingToMove: true });
  });

  it("puts the move of resources: entries to custom.stepf.stackResources after --execute and before the plugin's removal, in text and --json", () => {
    const stackResourcesMove = [
      { from: 'resources.Resources.OrdersAlarm', to: 'custom.stepf.stackResources.Resources.OrdersAlarm' },
      { from: 'resources[1].Outputs.OrdersArn', to: 'custom.stepf.stackResources.Outputs.OrdersArn', file: './outputs.yml' },
      { from: 'resources.Conditions.IsProd', to: 'custom.stepf.stackResources.Conditions.IsProd', copy: true as const },
    ];
    const view = { plan: { ...plan, nothingToMove: false, stackResourcesMove, rows: [{ action: 'move' as const, type: 'AWS::CloudWatch::Alarm', from: 'OrdersAlarm', to: 'OrdersAlarm', physicalId: 'a' }] }, region: 'us-east-1', stage: 'prod', notes: [] };
    const steps = nextSteps(view);
    expect(steps.map((s) => s.split(' ')[0])).toEqual(['stepf', 'in', 'remove', 'stepf']);
    expect(steps[1]).toBe(
      'in serverless.yml, move resources.Resources.OrdersAlarm → custom.stepf.stackResources.Resources.OrdersAlarm, resources[1].Outputs.OrdersArn (in ./outputs.yml) → custom.stepf.stackResources.Outputs.OrdersArn, unchanged; copy resources.Conditions.IsProd → custom.stepf.stackResources.Conditions.IsProd (an entry that stays uses it too)   # serverless deploy never reads custom.stepf, so it leaves them to stepf\'s stack',
    );
    const text = migrateText(view, plain);
    expect(text).toMatch(/resources\.Resources\.OrdersAlarm\s+→\s+custom\.stepf\.stackResources\.Resources\.OrdersAlarm\n/);
    expect(text).toContain('custom.stepf.stackResources.Conditions.IsProd (copy: an entry that stays uses it too)');
    expect(migrateJson(view)).toMatchObject({ stackResourcesMove, next: steps });
  });
});

