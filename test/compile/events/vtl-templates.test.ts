import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultRequestTemplates, SYNC_EXECUTION_RESPONSE } from '../../../src/compile/events/api/templates.js';
import { escapeJavaScript, renderVtl, substitute } from './vtl.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders-dev';
const requestTemplate = substitute(defaultRequestTemplates({ Ref: 'OrdersStepFunctionsStateMachine' })['application/json'], { StateMachineArn: ARN });

/** What API Gateway sends to states:StartExecution for this body. */
function startExecutionRequest(body: string, requestId = 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef') {
  const { text } = renderVtl(requestTemplate, { body, requestId });
  return JSON.parse(text) as { input: string; name: string; stateMachineArn: string };
}

describe('the StartExecution request template', () => {
  it('renders a StartExecution request whose input is the body, named by the request ID', () => {
    const req = startExecutionRequest('{"instanceId": "i-123"}', 'req-1');
    expect(req).toEqual({ input: '{"instanceId":"i-123"}', name: 'req-1', stateMachineArn: ARN });
    expect(JSON.parse(req.input)).toEqual({ instanceId: 'i-123' });
  });

  it.each([
    ['double quotes', { said: 'he said "hi"' }],
    ['an apostrophe (plugin issue #140)', { name: "O'Brien" }],
    ['backslashes', { path: 'C:\\temp\\new', re: '\\d+\\.' }],
    ['unicode: accents, CJK, emoji', { city: 'Zürich', jp: '東京', e: '🚀 ok' }],
    ['control characters and slashes', { text: 'line1\nline2\ttab\u0001', url: 'https://a/b' }],
    ['a JSON-looking string', { inner: '{"a": "b\\"c"}' }],
    ['nested arrays and numbers', { items: [1, 2.5, -3, { deep: [true, false, null] }] }],
  ])('the input survives %s', (_what, body) => {
    const req = startExecutionRequest(JSON.stringify(body));
    expect(JSON.parse(req.input)).toEqual(body);
  });

  it('any JSON body comes back as the execution input (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        const req = startExecutionRequest(JSON.stringify(body));
        expect(JSON.parse(req.input)).toEqual(JSON.parse(JSON.stringify(body)));
      }),
      { numRuns: 300 },
    );
  });

  it('an empty body becomes the input {}', () => {
    expect(JSON.parse(startExecutionRequest('').input)).toEqual({});
  });

  it('escapeJavaScript matches Commons Lang (the $util API Gateway documents)', () => {
    expect(escapeJavaScript(`a'b"c\\d/e`)).toBe(`a\\'b\\"c\\\\d\\/e`);
    expect(escapeJavaScript('é東🚀\n')).toBe('\\u00E9\\u6771\\uD83D\\uDE80\\n');
  });
});

describe('the StartSyncExecution response template', () => {
  it('a SUCCEEDED execution answers with its output as the body', () => {
    const response = JSON.stringify({ status: 'SUCCEEDED', output: '{"total":42,"note":"it\'s \\"done\\""}', executionArn: 'arn:x' });
    const r = renderVtl(SYNC_EXECUTION_RESPONSE, { body: response });
    expect(r.statusOverride).toBeUndefined();
    expect(JSON.parse(r.text)).toEqual({ total: 42, note: 'it\'s "done"' });
  });

  it('a FAILED execution answers 500 with the error and cause', () => {
    const response = JSON.stringify({ status: 'FAILED', error: 'States.TaskFailed', cause: 'boom "x"', executionArn: 'arn:x' });
    const r = renderVtl(SYNC_EXECUTION_RESPONSE, { body: response });
    expect(r.statusOverride).toBe(500);
    expect(JSON.parse(r.text)).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed', cause: 'boom "x"' });
  });

  it('a TIMED_OUT execution (no error field) still answers valid JSON', () => {
    const r = renderVtl(SYNC_EXECUTION_RESPONSE, { body: JSON.stringify({ status: 'TIMED_OUT', executionArn: 'arn:x' }) });
    expect(r.statusOverride).toBe(500);
    expect(JSON.parse(r.text)).toMatchObject({ status: 'TIMED_OUT' });
  });
});
