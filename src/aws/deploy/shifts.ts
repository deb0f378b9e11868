// Following a gradual alias deployment while the stack updates: CloudFormation holds the alias resource in
// UPDATE_IN_PROGRESS while it shifts traffic (minutes to hours), so stepf reads the alias's routing on each
// poll and says where it stands (`live: v7 90%, v8 10%, 3 min left`), and when the alias fails, whether an
// alarm rolled it back.
import type { Stack } from '@aws-sdk/client-cloudformation';
import type { Template } from '../../compile/types.js';
import type { EventCursor, StackCtx } from '../stack.js';
import { preferenceOf, routingText, shiftOf, type DeploymentPreference } from '../shift.js';
import { describeAlias } from '../versions.js';

const ALIAS = 'AWS::StepFunctions::StateMachineAlias';

/** undefined when the template moves no alias gradually (then there is nothing to follow). */
export function shiftFollower(ctx: StackCtx, template: Template): ((stack: Stack, cursor: EventCursor) => Promise<void>) | undefined {
  const prefs = new Map<string, { name: string; pref: DeploymentPreference }>();
  for (const [id, r] of Object.entries(template.Resources)) {
    const pref = r.Type === ALIAS ? preferenceOf(r) : undefined;
    if (pref && pref.type !== 'ALL_AT_ONCE') prefs.set(id, { name: String(r.Properties?.Name), pref });
  }
  if (!prefs.size) return undefined;
  const said = new Map<string, string>();
  const ended = new Set<string>();
  return async (_stack, cursor) => {
    for (const [id, { name, pref }] of prefs) {
      const events = cursor.shown.filter((e) => e.logicalId === id);
      const last = events[events.length - 1];
      if (!last) continue;
      if (last.status.endsWith('_FAILED') && !ended.has(id)) {
        ended.add(id);
        // CloudFormation names the alarm in the reason when one fired; stepf repeats it where it is seen.
        if (/alarm/i.test(last.reason ?? '')) ctx.sink.note(`${name}: the deployment was rolled back by an alarm: ${last.reason}`);
        continue;
      }
      if (last.status !== 'UPDATE_IN_PROGRESS' && last.status !== 'CREATE_IN_PROGRESS') continue;
      const arn = last.physicalId;
      if (!arn?.includes(':stateMachine:')) continue;
      const routing = await describeAlias(ctx.aws, arn);
      if (!routing) continue;
      const shift = shiftOf(routing, pref, new Date(ctx.clock.now()));
      if (!shift) continue;
      const text = `${name}: ${routingText(routing, shift, true)}`;
      ctx.sink.phase(text);
      // A line per step (a new percentage), not per poll.
      if (said.get(id) !== `${shift.to}:${shift.percent}`) {
        said.set(id, `${shift.to}:${shift.percent}`);
        ctx.sink.note(text);
      }
    }
  };
}
