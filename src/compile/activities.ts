import { activityLogicalId, activityOutputKey } from './naming.js';
import type { Template } from './types.js';

/** `AWS::StepFunctions::Activity` per name, with its Output (not suppressed by noOutput, as in the plugin). */
export function compileActivities(names: string[], template: Template): void {
  for (const name of names) {
    template.Resources[activityLogicalId(name)] = { Type: 'AWS::StepFunctions::Activity', Properties: { Name: name } };
    template.Outputs ??= {};
    template.Outputs[activityOutputKey(name)] = { Description: 'Current StateMachine Arn', Value: { Ref: activityLogicalId(name) } };
  }
}
