// Pure: where a gradual deployment stands, from an alias's routing (src/aws/shift.ts). No AWS.
import { describe, expect, it } from 'vitest';
import { preferenceOf, routingText, shiftOf } from '../../src/aws/shift.js';
import type { AliasRouting } from '../../src/aws/versions.js';

const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:orders';
const now = new Date('2026-12-03T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
function alias(routes: Array<[number, number]>, updated?: Date): AliasRouting {
  return { name: 'live', arn: `${arn}:live`, routes: routes.map(([version, weight]) => ({ versionArn: `${arn}:${version}`, version, weight })), updated };
}

describe('shiftOf and routingText', () => {
  it('a CANARY at 10% for 2 of its 5 minutes: v7 90%, v8 10%, shifting, 3 min left', () => {
    const a = alias([[8, 10], [7, 90]], minutesAgo(2));
    const s = shiftOf(a, { type: 'CANARY', percentage: 10, interval: 5 }, now);
    expect(s).toEqual({ from: 7, to: 8, percent: 10, minutesLeft: 3 });
    expect(routingText(a, s, true)).toBe('v7 90%, v8 10%, shifting, 3 min left');
    expect(routingText(a, s, false)).toBe('v7 90%, v8 10%');
  });

  it('a LINEAR of 20% steps every 10 minutes at 40%, 4 minutes into the step: three steps left, 26 min', () => {
    expect(shiftOf(alias([[3, 60], [4, 40]], minutesAgo(4)), { type: 'LINEAR', percentage: 20, interval: 10 }, now)?.minutesLeft).toBe(26);
  });

  it('past its last step the time left is 0, never negative; without a known preference there is no time left', () => {
    expect(shiftOf(alias([[1, 90], [2, 10]], minutesAgo(30)), { type: 'CANARY', percentage: 10, interval: 5 }, now)?.minutesLeft).toBe(0);
    expect(shiftOf(alias([[1, 90], [2, 10]], minutesAgo(1)), undefined, now)).toEqual({ from: 1, to: 2, percent: 10 });
  });

  it('an alias on one version is not part-way through anything', () => {
    expect(shiftOf(alias([[5, 100]]), { type: 'CANARY', percentage: 10, interval: 5 }, now)).toBeUndefined();
    expect(routingText(alias([[5, 100]]))).toBe('v5 100%');
  });

  it("reads an alias resource's DeploymentPreference back into the config's terms", () => {
    expect(preferenceOf({ Properties: { DeploymentPreference: { StateMachineVersionArn: { Ref: 'V' }, Type: 'LINEAR', Percentage: 20, Interval: 10 } } })).toEqual({ type: 'LINEAR', percentage: 20, interval: 10 });
    expect(preferenceOf({ Properties: { RoutingConfiguration: [] } })).toBeUndefined();
  });
});
