// A Ctrl-C during a deploy, as one line: what this deploy left behind, and what the next `stepf deploy`
// does about it. Each step knows only that it was interrupted (a bare Interrupted); this says the rest.
import { Interrupted } from '../../errors.js';

export type DeployStep = 'prepare' | 'plan' | 'approve' | 'apply' | 'wait' | 'report';

export interface InterruptContext {
  stackName: string;
  type?: 'CREATE' | 'UPDATE';
  /** The change set made, once there is one. */
  changeSetArn?: string;
  stackStatus?: string;
  /** Machines a hotswap updated (it runs to its end even when interrupted). */
  hotswapped?: string[];
}

/** What is left when a change set is made but not executed, and how the next deploy treats it. */
export function unexecutedChangeSet(c: InterruptContext): string {
  const cs = c.changeSetArn ? `the change set is left for review (${c.changeSetArn})` : 'the change set is left unexecuted';
  return c.type === 'CREATE'
    ? `${cs} and stack ${c.stackName} stays REVIEW_IN_PROGRESS, which the next \`stepf deploy\` deletes and creates again`
    : `${cs} and stack ${c.stackName} is unchanged; the next \`stepf deploy\` makes a new change set`;
}

export function interruptedAt(step: DeployStep, c: InterruptContext): Interrupted {
  switch (step) {
    case 'prepare':
      return new Interrupted(`interrupted while checking stack ${c.stackName}: this deploy changed nothing (a delete of an unfinished stack it started goes on in CloudFormation); the next \`stepf deploy\` starts from the stack as it is`);
    case 'plan':
      return new Interrupted(
        `interrupted while CloudFormation prepared the change set: nothing was executed; any change set it made is left unexecuted (${
          c.type === 'CREATE' ? `stack ${c.stackName} REVIEW_IN_PROGRESS, which the next \`stepf deploy\` deletes and creates again` : `stack ${c.stackName} unchanged; the next \`stepf deploy\` makes a new change set`
        })`,
      );
    case 'approve':
      return new Interrupted(`interrupted at the question: nothing was executed; ${unexecutedChangeSet(c)}`);
    case 'apply':
      return new Interrupted(`interrupted while starting the change set: CloudFormation may be applying it; \`stepf info\` shows how stack ${c.stackName} ends, and the next \`stepf deploy\` waits for it first`);
    case 'wait':
      return new Interrupted(
        `interrupted: CloudFormation carries on with the ${c.type === 'CREATE' ? 'create' : 'update'} in AWS. \`stepf info\` shows how it ends; the next \`stepf deploy\` waits for it first` +
          (c.type === 'UPDATE' ? `; to stop it: aws cloudformation cancel-update-stack --stack-name ${c.stackName}` : ''),
      );
    case 'report':
      if (c.hotswapped?.length) {
        return new Interrupted(
          `interrupted after the hotswap, which finished: ${c.hotswapped.join(', ')} now run${c.hotswapped.length === 1 ? 's its new definition' : ' their new definitions'}; stack ${c.stackName} has drifted until the next \`stepf deploy\` (without --hotswap)`,
        );
      }
      return new Interrupted(`interrupted after the deploy: stack ${c.stackName} is ${c.stackStatus ?? 'deployed'}; \`stepf info\` lists its machines and outputs`);
  }
}

/** Runs one step; a bare Ctrl-C inside it becomes the line that says what was left. */
export async function during<T>(step: DeployStep, c: () => InterruptContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Interrupted && err.bare) throw interruptedAt(step, c());
    throw err;
  }
}
