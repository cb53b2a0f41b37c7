import {
  DescribeStacksCommand,
  ListStackResourcesCommand,
  type CloudFormationClient,
  type Stack,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { awsErrorName } from '@fleetlog/aws-kit';
import {
  DEFAULT_NAMESPACE,
  STACK_OUTPUTS,
  VERIFY_REQUIRED_OUTPUTS,
} from '@fleetlog/pipeline-config';
import { StepFailure } from './failure';

/** The deployed stack as verify uses it: its outputs, and every resource it owns. */
export interface DeployedStack {
  readonly name: string;
  readonly status: string;
  /** Output key → value. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly resources: readonly StackResourceSummary[];
  readonly inputStreamName: string;
  readonly outputStreamName: string;
  readonly bucketName: string;
  readonly alarmTopicArn: string;
  /** The metrics namespace: the MetricsNamespace output, else the default. */
  readonly namespace: string;
  /** True when the stack has no MetricsNamespace output and the default is assumed. */
  readonly namespaceAssumed: boolean;
}

const REDEPLOY = 'the stack: deploy the current infra (npx cdk deploy), then run verify again';

/**
 * A stack verify can check: one whose last operation completed. ROLLBACK_COMPLETE is a failed
 * creation (nothing is deployed), *_IN_PROGRESS and *_FAILED are not finished.
 */
function usable(status: string): boolean {
  return status.endsWith('_COMPLETE') && !/^(ROLLBACK|DELETE|REVIEW_IN_PROGRESS)/.test(status);
}

async function describeStack(
  cfn: CloudFormationClient,
  stackName: string,
  region: string,
  call: { abortSignal?: AbortSignal },
): Promise<Stack> {
  try {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }), call);
    const stack = Stacks?.[0];
    if (stack) return stack;
  } catch (error) {
    // CloudFormation answers an unknown name with a ValidationError "Stack with id X does not exist".
    const missing = awsErrorName(error) === 'ValidationError' && /does not exist/.test(`${error}`);
    if (!missing) throw error;
  }
  throw new StepFailure(
    `stack ${JSON.stringify(stackName)} not found in ${region}`,
    '--stack (the CloudFormation stack name) and --region',
  );
}

async function listResources(
  cfn: CloudFormationClient,
  stackName: string,
  call: { abortSignal?: AbortSignal },
): Promise<StackResourceSummary[]> {
  const resources: StackResourceSummary[] = [];
  let token: string | undefined;
  do {
    const page = await cfn.send(
      new ListStackResourcesCommand({ StackName: stackName, NextToken: token }),
      call,
    );
    resources.push(...(page.StackResourceSummaries ?? []));
    token = page.NextToken;
  } while (token);
  return resources;
}

/** The resource of `type` whose physical id is `physicalId`, if the stack owns one. */
export function ownedResource(
  stack: Pick<DeployedStack, 'resources'>,
  type: string,
  physicalId: string,
): StackResourceSummary | undefined {
  return stack.resources.find(
    (r) => r.ResourceType === type && r.PhysicalResourceId === physicalId,
  );
}

/** Every output verify uses must name a resource of the stack: verify touches nothing else. */
function checkOwnership(stack: DeployedStack): void {
  const expected: [string, string, string][] = [
    [STACK_OUTPUTS.inputStreamName, 'AWS::Kinesis::Stream', stack.inputStreamName],
    [STACK_OUTPUTS.outputStreamName, 'AWS::Kinesis::Stream', stack.outputStreamName],
    [STACK_OUTPUTS.referenceBucketName, 'AWS::S3::Bucket', stack.bucketName],
    [STACK_OUTPUTS.alarmTopicArn, 'AWS::SNS::Topic', stack.alarmTopicArn],
  ];
  for (const [key, type, id] of expected) {
    if (!ownedResource(stack, type, id)) {
      throw new StepFailure(
        `output ${key} names ${id}, which is no ${type} of stack ${stack.name}; verify touches only what the stack owns`,
        `the stack's outputs (${key})`,
      );
    }
  }
}

/**
 * Step 1 (ARCHITECTURE.md section 6d): the stack by name, its outputs (STACK_OUTPUTS) and its
 * resources. Fails with one line when the stack is missing, unfinished, or lacks an output.
 */
export async function findStack(
  cfn: CloudFormationClient,
  stackName: string,
  region: string,
  call: { abortSignal?: AbortSignal } = {},
): Promise<DeployedStack> {
  const found = await describeStack(cfn, stackName, region, call);
  const status = found.StackStatus ?? 'UNKNOWN';
  if (!usable(status)) {
    throw new StepFailure(`stack ${stackName} is ${status}`, REDEPLOY);
  }
  const outputs: Record<string, string> = {};
  for (const o of found.Outputs ?? []) {
    if (o.OutputKey && o.OutputValue !== undefined) outputs[o.OutputKey] = o.OutputValue;
  }
  const missing = VERIFY_REQUIRED_OUTPUTS.filter((key) => !outputs[key]);
  if (missing.length > 0) {
    throw new StepFailure(
      `stack ${stackName} has no output${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; is it a fleetlog stack?`,
      REDEPLOY,
    );
  }
  const namespace = outputs[STACK_OUTPUTS.metricsNamespace];
  const stack: DeployedStack = {
    name: found.StackName ?? stackName,
    status,
    outputs,
    resources: await listResources(cfn, stackName, call),
    inputStreamName: outputs[STACK_OUTPUTS.inputStreamName],
    outputStreamName: outputs[STACK_OUTPUTS.outputStreamName],
    bucketName: outputs[STACK_OUTPUTS.referenceBucketName],
    alarmTopicArn: outputs[STACK_OUTPUTS.alarmTopicArn],
    namespace: namespace || DEFAULT_NAMESPACE,
    namespaceAssumed: !namespace,
  };
  checkOwnership(stack);
  return stack;
}

/** The step's line: what was found. */
export function describeStackFound(stack: DeployedStack): string {
  const namespace = stack.namespaceAssumed
    ? `namespace ${stack.namespace} (assumed: no ${STACK_OUTPUTS.metricsNamespace} output)`
    : `namespace ${stack.namespace}`;
  return `${stack.name} ${stack.status}: ${Object.keys(stack.outputs).length} outputs, ${stack.resources.length} resources, ${namespace}`;
}
