import yaml from 'js-yaml';

/** CloudFormation short-form tags, turned into their long forms as the Serverless Framework's loader does. */
const FUNCTIONS = [
  'Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'If', 'Equals', 'Not', 'And', 'Or',
  'Transform', 'ToJsonString', 'Length',
];

function longForm(tag: string, data: unknown): unknown {
  if (tag === 'Ref') return { Ref: data };
  if (tag === 'Condition') return { Condition: data };
  if (tag === 'GetAtt') {
    if (typeof data === 'string') {
      const dot = data.indexOf('.');
      return { 'Fn::GetAtt': dot === -1 ? [data] : [data.slice(0, dot), data.slice(dot + 1)] };
    }
    return { 'Fn::GetAtt': data };
  }
  if (tag === 'GetAZs' && (data === null || data === '')) return { 'Fn::GetAZs': '' };
  return { [`Fn::${tag}`]: data };
}

function typesFor(tag: string): yaml.Type[] {
  return (['scalar', 'sequence', 'mapping'] as const).map(
    (kind) =>
      new yaml.Type(`!${tag}`, {
        kind,
        construct: (data: unknown) => longForm(tag, kind === 'scalar' && data === null ? '' : data),
      }),
  );
}

export const CFN_SCHEMA = yaml.DEFAULT_SCHEMA.extend([...['Ref', 'Condition', 'GetAtt', ...FUNCTIONS].flatMap(typesFor)]);
export const CFN_TAG_NAMES = ['Ref', 'Condition', 'GetAtt', ...FUNCTIONS];
