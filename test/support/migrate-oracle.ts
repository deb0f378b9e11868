import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Template } from '../../src/compile/types.js';
import type { MigrationPlan } from '../../src/migrate/plan.js';

/**
 * What the serverless-step-functions plugin deployed for the machines of a fixture, known from the plugin
 * alone: fixtures/<name>/plugin.template.json (the plugin's template) less without-plugin.resources.json (what
 * the Framework writes without it), both made by scripts/oracle.sh; plus the `resources:` entries stepf's
 * stack takes (in both, and in stepf's template). Lambda versions are the Framework's (their IDs hash the zip).
 */
export const fixturesRoot = resolve(__dirname, '../../fixtures');

export function migrationFixtures(): string[] {
  return [...readdirSync(fixturesRoot), ...readdirSync(join(fixturesRoot, 'real')).map((n) => `real/${n}`)]
    .filter((n) => existsSync(join(fixturesRoot, n, 'without-plugin.resources.json')) && existsSync(join(fixturesRoot, n, 'stepf.template.json')))
    .sort();
}

export function readFixtureJson(name: string, file: string): any {
  return JSON.parse(readFileSync(join(fixturesRoot, name, file), 'utf8'));
}

export function servingMachines(name: string): string[] {
  const plugin = readFixtureJson(name, 'plugin.template.json') as Template;
  const stepf = readFixtureJson(name, 'stepf.template.json') as Template;
  const alone = readFixtureJson(name, 'without-plugin.resources.json') as Record<string, string>;
  return Object.entries(plugin.Resources)
    .filter(([id, r]) => r.Type !== 'AWS::Lambda::Version' && (!(id in alone) || id in stepf.Resources))
    .map(([id]) => id)
    .sort();
}

/** The Serverless stack's logical IDs a plan maps: moved, or listed as unable to move. */
export function mappedBy(plan: Pick<MigrationPlan, 'rows' | 'unmovable'>): string[] {
  return [...plan.rows.filter((r) => r.action === 'move').map((r) => r.from!), ...plan.unmovable.map((u) => u.logicalId)].sort();
}

/** Physical IDs as a deploy of the plugin's template would give them (their shape matters only for machines). */
export function fakePhysicalIds(t: Template): Record<string, string> {
  return Object.fromEntries(
    Object.entries(t.Resources).map(([id, r]) => {
      const name = (r.Properties?.StateMachineName ?? r.Properties?.Name) as unknown;
      if (r.Type === 'AWS::StepFunctions::StateMachine') return [id, `arn:aws:states:us-east-1:123456789012:stateMachine:${typeof name === 'string' ? name : `${id}-AbCdEf123456`}`];
      if (r.Type === 'AWS::StepFunctions::Activity') return [id, `arn:aws:states:us-east-1:123456789012:activity:${typeof name === 'string' ? name : id}`];
      const named = (key: string) => (typeof r.Properties?.[key] === 'string' ? (r.Properties[key] as string) : undefined);
      if (r.Type === 'AWS::SNS::Topic') return [id, `arn:aws:sns:us-east-1:123456789012:${named('TopicName') ?? `${id}-AbC123`}`];
      if (r.Type === 'AWS::SQS::Queue') return [id, `https://sqs.us-east-1.amazonaws.com/123456789012/${named('QueueName') ?? `${id}-AbC123`}`];
      if (r.Type === 'AWS::Lambda::Function') return [id, named('FunctionName') ?? `${id}-AbC123`];
      return [id, `${id.toLowerCase()}-phys`];
    }),
  );
}
