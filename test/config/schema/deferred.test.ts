import { describe, expect, it } from 'vitest';
import { buildStateMachine } from '../../../src/config/schema/state-machine.js';
import { DEF } from './helpers.js';

/** zod keeps a built lazy schema on its def; reading it tells whether the build ran. */
function built(schema: ReturnType<typeof buildStateMachine>, key: 'events' | 'alarms' | 'notifications' | 'iamRoleStatements'): boolean {
  const lazy = schema.def.shape[key].def.innerType as unknown as { def: { _cachedInner?: unknown } };
  return lazy.def._cachedInner !== undefined;
}

describe('deferred sub-schemas', () => {
  it('are not built for a machine that does not use them, and are built when one does', () => {
    const schema = buildStateMachine();
    expect(schema.safeParse({ definition: DEF }).success).toBe(true);
    expect(built(schema, 'events')).toBe(false);
    expect(built(schema, 'alarms')).toBe(false);
    const r = schema.safeParse({ definition: DEF, events: [{ schedule: 'rate(1 hour)' }, { schedule: 5 }] });
    expect(r.success).toBe(false);
    expect(built(schema, 'events')).toBe(true);
    expect(built(schema, 'notifications')).toBe(false);
  });
});
