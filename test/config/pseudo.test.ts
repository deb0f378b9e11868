import { describe, expect, it } from 'vitest';
import { pseudoToSub, replacePseudo } from '../../src/config/pseudo.js';

describe('#{} pseudo-parameters (serverless-pseudo-parameters behaviour)', () => {
  it('a string with #{AWS::Region} becomes Fn::Sub', () => {
    expect(pseudoToSub('arn:aws:sns:#{AWS::Region}:#{AWS::AccountId}:t')).toEqual({ 'Fn::Sub': 'arn:aws:sns:${AWS::Region}:${AWS::AccountId}:t' });
  });
  it('#{Resource} and #{Resource.Attr} become references', () => {
    expect(pseudoToSub('#{MyQueue.Arn}')).toEqual({ 'Fn::Sub': '${MyQueue.Arn}' });
  });
  it('#@{X} escapes to a literal #{X}', () => {
    expect(pseudoToSub('keep #@{this}')).toBe('keep #{this}');
  });
  it('a literal ${ next to a pseudo-parameter is escaped so Fn::Sub keeps it literal', () => {
    expect(pseudoToSub('#{AWS::Region} ${literal}')).toEqual({ 'Fn::Sub': '${AWS::Region} ${!literal}' });
  });
  it('inside an existing Fn::Sub the text is rewritten in place, with no second wrap', () => {
    expect(replacePseudo({ a: { 'Fn::Sub': 'x-#{AWS::Region}' }, b: ['#{AWS::Partition}', 1] })).toEqual({
      a: { 'Fn::Sub': 'x-${AWS::Region}' },
      b: [{ 'Fn::Sub': '${AWS::Partition}' }, 1],
    });
  });
});
