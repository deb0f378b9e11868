import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatFindings, lintTemplate, lintTemplates, type LintResult } from './cfn-lint.js';

const good = {
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    Machine: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        DefinitionString: '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}',
        RoleArn: 'arn:aws:iam::123456789012:role/machine',
      },
    },
  },
};

// RoleArn is required.
const bad = {
  Resources: {
    Machine: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: { DefinitionString: '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}' },
    },
  },
};

const misspeltYaml = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicNam: x\n';

const pluginTemplate = (name: string): object =>
  JSON.parse(readFileSync(resolve(__dirname, '../../fixtures', name, 'plugin.template.json'), 'utf8')) as object;

describe('lintTemplates (one cfn-lint run for all cases, as the golden tests use it)', () => {
  let results: Record<string, LintResult>;
  beforeAll(async () => {
    results = await lintTemplates({
      'the good one': good,
      'a/bad one': bad,
      yaml: misspeltYaml,
      hello: pluginTemplate('hello'),
      'string-definition': pluginTemplate('string-definition'),
    });
  });

  it('keeps each result under its own name', () => {
    expect(Object.keys(results).sort()).toEqual(['a/bad one', 'hello', 'string-definition', 'the good one', 'yaml']);
  });

  it('finds no error in a valid state machine template', () => {
    expect(results['the good one']).toEqual({ errors: [], warnings: [] });
  });

  it('reports a missing required property as an error with its rule, path and line', () => {
    const missingRole = results['a/bad one']!.errors.find((e) => e.rule === 'E3003');
    expect(missingRole).toMatchObject({ path: ['Resources', 'Machine', 'Properties'] });
    expect(missingRole!.message).toContain('RoleArn');
    expect(missingRole!.line).toBeGreaterThan(0);
    expect(formatFindings({ 'a/bad one': results['a/bad one']! })).toContain(
      `a/bad one: E3003 Resources/Machine/Properties ${missingRole!.message}`,
    );
  });

  it('accepts a template given as a YAML string', () => {
    expect(results.yaml!.errors.map((e) => e.rule)).toContain('E3002');
  });

  it('files W-level findings as warnings, never errors', () => {
    expect(results.hello!.errors).toEqual([]);
    expect(results.hello!.warnings.map((w) => w.rule)).toContain('W3005');
  });

  it("catches the plugin's string-definition bug (a JSON string literal as DefinitionString)", () => {
    expect(results['string-definition']!.errors.map((e) => e.rule)).toContain('E3601');
  });
});

describe('lintTemplate', () => {
  it('lints one template and skips the rules named in ignoreChecks', async () => {
    const result = await lintTemplate(pluginTemplate('hello'), { ignoreChecks: ['W3005'] });
    expect(result.errors).toEqual([]);
    expect(result.warnings.length).toBeGreaterThan(0);
    expect(result.warnings.map((w) => w.rule)).not.toContain('W3005');
  });

  it('fails loudly, naming scripts/venv.sh, when cfn-lint is not installed', async () => {
    await expect(lintTemplate(good, { cfnLint: '/nonexistent/cfn-lint' })).rejects.toThrow(/scripts\/venv\.sh/);
  });
});
