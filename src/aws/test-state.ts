// One state run by AWS itself: the Step Functions TestState API, with the machine's definition and the
// state's name, so nested states and the machine's QueryLanguage work as they do in the machine.
import type { InspectionLevel, TestStateOutput } from '@aws-sdk/client-sfn';
import { AwsError } from '../errors.js';
import { sdk, type AwsClients } from './clients.js';
import { errorName, explainAwsError } from './explain.js';

export interface TestStateRequest {
  definition: string;
  stateName: string;
  roleArn?: string;
  input: string;
  inspectionLevel?: InspectionLevel;
}

export async function testState(aws: AwsClients, req: TestStateRequest): Promise<TestStateOutput> {
  const sfn = await aws.stepFunctions();
  const { TestStateCommand } = await sdk.stepFunctions();
  try {
    return await sfn.send(new TestStateCommand({ definition: req.definition, stateName: req.stateName, roleArn: req.roleArn, input: req.input, inspectionLevel: req.inspectionLevel }));
  } catch (err) {
    const message = (err as Error).message ?? '';
    if (process.env.AWS_ENDPOINT_URL && (/Deserialization error|is not valid JSON|not (yet )?implemented/i.test(message) || errorName(err) === 'UnknownOperationException')) {
      // moto and other emulators have no TestState; they answer with an error page or "not implemented".
      throw new AwsError(`the endpoint ${process.env.AWS_ENDPOINT_URL} does not implement TestState`, 'TestState', 'stepf test --remote needs AWS itself; run the machine here with `stepf test` instead');
    }
    if (errorName(err) === 'ValidationException' || errorName(err) === 'InvalidDefinition') {
      throw new AwsError(`TestState refused the state: ${message}`, 'TestState', 'check the state\'s definition with `stepf validate`, and that --input is what the state expects');
    }
    throw explainAwsError(err, 'TestState');
  }
}
