// A way of applying a new template to a stack. The change set is one; hotswap (update the machines in
// place), a stack refactor or nested stacks stand beside it, each a file in this folder, chosen by
// chooseStrategy() and nowhere else.
import type { Stack } from '@aws-sdk/client-cloudformation';
import type { ChangeRow } from '../events.js';
import type { EventCursor, StackCtx } from '../stack.js';
import type { DeployRequest } from '../deploy.js';
import type { Prepared } from './prepare.js';
import { UserError } from '../../errors.js';
import { changeSetStrategy } from './change-set.js';
import { isNestedParent, nestedStrategy } from './nested.js';
import { decideHotswap, hotswapStrategy, type HotswapDecision } from './hotswap.js';

/** What a strategy would change, before anything is changed. */
export interface Plan {
  /** Nothing to apply: the stack already matches. */
  upToDate: boolean;
  /** Shown before applying, and what approval looks at. */
  changes: ChangeRow[];
  /** What was made to be applied (the change set's ARN), kept for review with --no-execute. */
  id?: string;
  stackId?: string;
  /** When the plan was made: stack events from before it belong to another operation. */
  createdAt?: Date;
}

/** The change under way: which stack, and which of its events were shown. */
export interface Applied {
  stackId: string;
  cursor: EventCursor;
}

export interface ApplyStrategy {
  readonly name: 'change-set' | 'hotswap' | 'nested-stacks';
  plan(ctx: StackCtx, req: DeployRequest, prepared: Prepared): Promise<Plan>;
  apply(ctx: StackCtx, req: DeployRequest, prepared: Prepared, plan: Plan): Promise<Applied>;
  /** Until the stack settles; the stack as it ends, or an error saying why it failed. */
  wait(ctx: StackCtx, req: DeployRequest, prepared: Prepared, applied: Applied): Promise<Stack>;
}

/** --hotswap-only, and the change needs CloudFormation: nothing was changed. */
export class HotswapRefused extends UserError {
  constructor(readonly reasons: string[]) {
    super({
      severity: 'error',
      code: 'hotswap-refused',
      message: `not deployed: --hotswap-only, and this change needs CloudFormation: ${reasons.join('; ')}`,
      hint: 'deploy with --hotswap (it falls back to a change set) or without it',
    });
  }
}

export interface Chosen {
  strategy: ApplyStrategy;
  /** --hotswap asked, a change set chosen: why. */
  fellBackBecause?: string[];
  hotswap?: HotswapDecision;
}

/**
 * The one place that decides how a deploy applies its change: a change set, unless --hotswap asked and
 * the diff against CloudFormation's template allows updating the machines directly.
 */
export async function chooseStrategy(ctx: StackCtx, req: DeployRequest, prepared: Prepared): Promise<Chosen> {
  // A split service (or one deployed split, which stays so: joining it would move every machine).
  if (req.nested && (req.nested.split || isNestedParent(prepared.stack))) {
    if (req.hotswap === 'only') throw new HotswapRefused(['the service is split into nested stacks, which only CloudFormation updates']);
    if (req.hotswap === 'fallback') ctx.sink.note('hotswap not possible, deploying through a change set: the service is split into nested stacks');
    return { strategy: nestedStrategy, ...(req.hotswap === 'fallback' ? { fellBackBecause: ['the service is split into nested stacks'] } : {}) };
  }
  if (!req.hotswap || req.hotswap === 'off') return { strategy: changeSetStrategy };
  ctx.sink.phase(`comparing with stack ${req.stackName}`);
  const decision = await decideHotswap(ctx, req, prepared);
  if (!decision.blockers.length) return { strategy: hotswapStrategy(decision), hotswap: decision };
  if (req.hotswap === 'only') throw new HotswapRefused(decision.blockers);
  ctx.sink.note(`hotswap not possible, deploying through a change set: ${decision.blockers.join('; ')}`);
  return { strategy: changeSetStrategy, fellBackBecause: decision.blockers };
}
