import { describe, expect, it } from 'vitest';
import { requiredCapabilities, templateText } from '../../src/compile/template.js';
import type { Template } from '../../src/compile/types.js';

const t = (resources: Template['Resources'], extra: Record<string, unknown> = {}): Template => ({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources, ...extra });
const role = (props: Record<string, unknown> = {}) => ({ Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {}, ...props } });

describe('what deploy does with a finished template', () => {
  it('is written compact, as deploy sends it, and indented only when asked (package --pretty)', () => {
    const template = t({ Q: { Type: 'AWS::SQS::Queue' } });
    expect(templateText(template)).toBe('{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"Q":{"Type":"AWS::SQS::Queue"}}}');
    expect(templateText(template, true)).toBe(JSON.stringify(template, null, 2));
  });

  it('asks for no capability without IAM resources or a Transform', () => {
    expect(requiredCapabilities(t({ Q: { Type: 'AWS::SQS::Queue' } }))).toEqual([]);
  });

  it('asks for CAPABILITY_IAM for an IAM resource, and CAPABILITY_NAMED_IAM too when it is named', () => {
    expect(requiredCapabilities(t({ R: role() }))).toEqual(['CAPABILITY_IAM']);
    expect(requiredCapabilities(t({ R: role({ RoleName: 'fixed' }) }))).toEqual(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM']);
    expect(requiredCapabilities(t({ P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { ManagedPolicyName: 'p' } } }))).toEqual(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM']);
  });

  it('asks for CAPABILITY_AUTO_EXPAND for a template with a Transform', () => {
    expect(requiredCapabilities(t({ Q: { Type: 'AWS::SQS::Queue' } }, { Transform: 'AWS::Serverless-2016-10-31' }))).toEqual(['CAPABILITY_AUTO_EXPAND']);
  });
});
