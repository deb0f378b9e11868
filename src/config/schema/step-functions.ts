import { array, object, optional, record, string } from 'zod/mini';
import type { output } from 'zod/mini';
import { boolean, describe } from './common.js';
import { buildStateMachine } from './state-machine.js';

export const TOP_LEVEL_KEYS = ['stateMachines', 'activities', 'validate', 'noOutput'] as const;

/**
 * `stepFunctions:`. Unknown keys here are not the schema's business (object strips them): index.ts
 * reports them as errors when they look misspelt and as warnings (per configValidationMode) otherwise.
 */
export function buildStepFunctions() {
  const machine = buildStateMachine();
  return object({
    stateMachines: record(string(), machine, {
      error: (iss) =>
        iss.code === 'invalid_type' && iss.input !== undefined
          ? `expected a map of state machine names to their settings, got ${describe(iss.input)}`
          : undefined,
    }),
    activities: optional(array(string())),
    validate: optional(boolean()),
    noOutput: optional(boolean()),
  });
}

export type StepFunctionsConfig = output<ReturnType<typeof buildStepFunctions>>;
