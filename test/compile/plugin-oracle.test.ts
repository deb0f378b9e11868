import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSummaries, summarizeForComparison } from '../support/plugin-compare.js';

/**
 * stepf's golden templates held against the plugin's own (fixtures/<name>/plugin.template.json, made by
 * scripts/oracle.sh): same state machines, logical IDs, evaluated definitions and outputs, except the
 * differences below, each deliberate and each required to still show (so the list stays honest).
 */
const root = resolve(__dirname, '../../fixtures');
const fixtures = readdirSync(root).filter((n) => existsSync(join(root, n, 'plugin.template.json')));

const DELIBERATE: Record<string, Array<{ diff: RegExp; why: string }>> = {
  features: [
    { diff: /^logicalIds\.AWS::Logs::LogGroup: \["LoggedMachineLogGroup"\] ≠ \(missing\)$/, why: 'stepf creates the log group the plugin never made (#493)' },
    { diff: /^stateMachines\.LoggedMachine\.otherProperties\.LoggingConfiguration\.Destinations: .*vendedlogs.* ≠ \(missing\)$/, why: 'logging goes to that log group' },
    { diff: /^stateMachines\.LoggedMachine\.UpdateReplacePolicy: "Retain" ≠ null$/, why: 'retain: true also keeps the machine when CloudFormation replaces it' },
    { diff: /^stateMachines\.LoggedMachine\.otherProperties\.Tags\[2\]\.Value: "orders" ≠ "platform"$/, why: 'a machine tag overrides the provider tag of the same key; the plugin wrote both, which CloudFormation rejects' },
    { diff: /^stateMachines\.LoggedMachine\.otherProperties\.Tags\[3\]: \(missing\) ≠ \{"Key":"team","Value":"orders"\}$/, why: 'the same duplicate tag key' },
  ],
  'string-definition': [
    { diff: /^stateMachines\.FromStringStepFunctionsStateMachine\.definition: \{.*\} ≠ ".*"$/, why: 'the plugin writes a JSON-string definition as a quoted string literal (reference §3.1); stepf parses it' },
  ],
  'distributed-map': [
    { diff: /^logicalIds\.AWS::IAM::Policy: \["FanoutStepFunctionsStateMachineSelfPolicy"\] ≠ \(missing\)$/, why: 'a Distributed Map\'s grant on its own executions names the machine by Ref in a separate policy (the plugin names stateMachine:<key>, which is not the generated name, reference §4.3)' },
  ],
  'task-options': [
    { diff: /^stateMachines\.PinnedDashdev\.definition\.States\.Hello\.Resource: "<Ref:HelloLambdaFunctionQualifiedArn>" ≠ "<Ref:HelloLambdaVersion[A-Za-z0-9]+>"$/, why: 'useExactVersion: the version lives in the Serverless stack, so stepf reads its QualifiedArn output through a Parameter that deploy fills' },
  ],
  'events-alarms-notifications': [
    { diff: /^logicalIds\.AWS::(Lambda::Permission|SNS::TopicPolicy|SQS::QueuePolicy)\[0\]: "PaymentsDashdevResourcePolicy[0-9a-f]{5}" ≠ "PaymentsDashdevResourcePolicy[0-9a-f]{5}"$/, why: 'notification resource policies are scoped to their rule, so the hashed part of their IDs differs' },
  ],
};

function resourcesBlockIds(name: string): Set<string> {
  // Entries of resources: that stay with the Serverless stack are in the plugin's template, never in stepf's.
  const text = readFileSync(join(root, name, 'serverless.yml'), 'utf8');
  const block = text.split(/^resources:\s*$/m)[1] ?? '';
  return new Set([...block.matchAll(/^ {4}([A-Za-z0-9]+):\s*$/gm)].map((m) => m[1]));
}

describe.each(fixtures)('fixture %s against the plugin', (name) => {
  it('has the plugin\'s state machines, logical IDs, evaluated definitions and outputs', () => {
    const stepfTemplate = JSON.parse(readFileSync(join(root, name, 'stepf.template.json'), 'utf8'));
    const pluginTemplate = JSON.parse(readFileSync(join(root, name, 'plugin.template.json'), 'utf8'));
    const staying = [...resourcesBlockIds(name)].filter((id) => !(id in stepfTemplate.Resources));
    const stepf = summarizeForComparison(stepfTemplate, { stackName: 'stack' });
    const plugin = summarizeForComparison(pluginTemplate, { stackName: 'stack', omit: { frameworkCore: true, logicalIds: staying } });
    const diffs = diffSummaries(stepf, plugin);
    const allowed = DELIBERATE[name] ?? [];
    expect(diffs.filter((d) => !allowed.some((a) => a.diff.test(d)))).toEqual([]);
    for (const a of allowed) expect(diffs.some((d) => a.diff.test(d)), `deliberate difference still present: ${a.why}`).toBe(true);
    expect(Object.keys(stepf.stateMachines).length).toBeGreaterThan(0);
  });
});
