/**
 * CloudFormation's and Step Functions' hard limits, checked on the template stepf writes, before any AWS
 * call: AWS would refuse such a template only after the upload (and moto, which enforces none, never).
 * Pure: template and its size in, diagnostics out.
 */
import type { ConfigPath, Diagnostic } from '../errors.js';
import type { MachineSummary, Template } from './types.js';

export const LIMITS = {
  resources: 500,
  outputs: 200,
  parameters: 200,
  mappings: 200,
  mappingAttributes: 200,
  /** TemplateBody sent in the request; above it deploy uploads the template to the deployment bucket. */
  templateInlineBytes: 51_200,
  /** TemplateURL (S3): CloudFormation says "Template may not exceed 1000000 bytes in size." */
  templateBytes: 1_000_000,
  /** Step Functions' definition quota (1 MiB), counted on the definition text. */
  definitionBytes: 1_048_576,
  logicalId: 255,
} as const;

/** Literal name properties AWS caps, by resource type: [property, max length, what it is]. */
const NAME_LIMITS: Record<string, Array<[string, number]>> = {
  'AWS::StepFunctions::StateMachine': [['StateMachineName', 80]],
  'AWS::StepFunctions::Activity': [['Name', 80]],
  'AWS::IAM::Role': [['RoleName', 64]],
  'AWS::Logs::LogGroup': [['LogGroupName', 512]],
  'AWS::CloudWatch::Alarm': [['AlarmName', 255]],
  'AWS::Events::Rule': [['Name', 64]],
  'AWS::Scheduler::Schedule': [['Name', 64]],
  'AWS::SNS::Topic': [['TopicName', 256]],
  'AWS::SQS::Queue': [['QueueName', 80]],
};

const MACHINES: ConfigPath = ['stepFunctions', 'stateMachines'];
const n = (x: number): string => x.toLocaleString('en-US');

/** The shortest text a name can become: a string, or an Fn::Sub text without its `${...}` placeholders. */
function literalText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  const sub = v && typeof v === 'object' ? (v as Record<string, unknown>)['Fn::Sub'] : undefined;
  const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  return text?.replace(/\$\{[^}]*\}/g, '');
}

/** The definition text of a state machine resource (inline DefinitionString or its Fn::Sub text). */
export function definitionText(props: Record<string, unknown> | undefined): string | undefined {
  const d = props?.DefinitionString;
  if (typeof d === 'string') return d;
  const sub = d && typeof d === 'object' ? (d as Record<string, unknown>)['Fn::Sub'] : undefined;
  return typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
}

function limitError(path: ConfigPath, code: string, message: string, hint: string): Diagnostic {
  return { severity: 'error', code, path, message, hint };
}

/**
 * Every limit the template breaks, each as an error naming the limit, the count and what to do.
 * `bytes` is the size of the template exactly as it will be sent; `inS3` the definitions it reads from the
 * deployment bucket, held to the same 1 MiB quota.
 */
export function checkLimits(template: Template, bytes: number, machines: MachineSummary[], inS3: ReadonlyArray<{ logicalId: string; body: string }> = []): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byLogicalId = new Map(machines.map((m) => [m.logicalId, m]));
  const pathOf = (logicalId: string): ConfigPath => {
    const m = byLogicalId.get(logicalId);
    return m ? [...MACHINES, m.key] : MACHINES;
  };
  const resources = Object.keys(template.Resources);
  const outputs = Object.keys(template.Outputs ?? {});
  const parameters = Object.keys(template.Parameters ?? {});
  const mappings = (template as { Mappings?: Record<string, Record<string, unknown>> }).Mappings ?? {};
  const split = 'split the service: move some state machines into a second service (its own serverless.yml and stack)';

  if (resources.length > LIMITS.resources) {
    out.push(limitError(MACHINES, 'limit-resources', `the template has ${n(resources.length)} resources (${n(machines.length)} state machines with their roles, events and alarms); CloudFormation allows at most ${LIMITS.resources} in one stack`, split));
  }
  if (outputs.length > LIMITS.outputs) {
    out.push(
      limitError(
        MACHINES,
        'limit-outputs',
        `the template has ${n(outputs.length)} outputs; CloudFormation allows at most ${LIMITS.outputs} in one stack`,
        'set `stepFunctions.noOutput: true` (stepf info --json still lists every machine\'s ARN, read from the stack\'s resources), or ' + split,
      ),
    );
  }
  if (parameters.length > LIMITS.parameters) {
    out.push(limitError(MACHINES, 'limit-parameters', `the template has ${n(parameters.length)} parameters (values read from the Serverless stack); CloudFormation allows at most ${LIMITS.parameters}`, `refer to fewer distinct resources of the Serverless stack, or ${split}`));
  }
  const mappingNames = Object.keys(mappings);
  if (mappingNames.length > LIMITS.mappings) {
    out.push(limitError(['resources'], 'limit-mappings', `the template has ${n(mappingNames.length)} mappings; CloudFormation allows at most ${LIMITS.mappings}`, 'merge mappings, or move some into a second stack'));
  }
  for (const name of mappingNames) {
    const attrs = Object.keys(mappings[name] ?? {}).length;
    if (attrs > LIMITS.mappingAttributes) out.push(limitError(['resources'], 'limit-mappings', `the mapping ${name} has ${n(attrs)} attributes; CloudFormation allows at most ${LIMITS.mappingAttributes}`, 'split it into several mappings'));
  }

  for (const [kind, ids] of [['resource', resources], ['output', outputs], ['parameter', parameters], ['mapping', mappingNames]] as const) {
    for (const id of ids) {
      if (id.length > LIMITS.logicalId) {
        out.push(limitError(kind === 'resource' ? pathOf(id) : MACHINES, 'limit-logical-id', `the ${kind} ID ${id.slice(0, 40)}... has ${n(id.length)} characters; CloudFormation allows at most ${LIMITS.logicalId}`, 'shorten the state machine key or the name it is made from'));
      }
    }
  }

  const sizes: Array<[string, number]> = [];
  const s3Bodies = new Map(inS3.map((o) => [o.logicalId, o.body]));
  for (const [id, r] of Object.entries(template.Resources)) {
    for (const [prop, max] of NAME_LIMITS[r.Type] ?? []) {
      const text = literalText(r.Properties?.[prop]);
      if (text !== undefined && text.length > max) {
        out.push(limitError(pathOf(id), 'limit-name', `${prop} of ${id} (${r.Type}) has ${n(text.length)} characters; AWS allows at most ${max}: ${text.slice(0, 60)}${text.length > 60 ? '...' : ''}`, 'shorten the name (service, stage and key add up), or drop the name to let CloudFormation generate one'));
      }
    }
    if (r.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const inline = definitionText(r.Properties);
    const text = inline ?? s3Bodies.get(id);
    if (text === undefined) continue;
    const bytes = Buffer.byteLength(text);
    // Only a definition still in the template makes the template larger.
    if (inline !== undefined) sizes.push([id, bytes]);
    if (bytes > LIMITS.definitionBytes) {
      out.push(
        limitError(
          [...pathOf(id), 'definition'],
          'limit-definition-size',
          `the definition of ${byLogicalId.get(id)?.key ?? id} is ${n(bytes)} bytes; Step Functions allows at most ${n(LIMITS.definitionBytes)} (1 MiB)`,
          'move large Result and Parameters values out of the definition (into S3, or a task\'s input), or split the machine and start the parts as nested state machines',
        ),
      );
    }
  }

  if (bytes > LIMITS.templateBytes) {
    const largest = sizes
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([id, b]) => `${byLogicalId.get(id)?.key ?? id} (${n(b)} bytes)`);
    out.push(
      limitError(
        MACHINES,
        'limit-template-size',
        `the template is ${n(bytes)} bytes; CloudFormation accepts at most ${n(LIMITS.templateBytes)} (through S3; ${n(LIMITS.templateInlineBytes)} inline)`,
        `${largest.length ? `the largest definitions are ${largest.join(', ')}; ` : ''}${split}`,
      ),
    );
  }
  return out;
}
