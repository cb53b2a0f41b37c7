import type { StackResourceSummary } from '@aws-sdk/client-cloudformation';
import type { PipelineFunctionSettings } from '@fleetlog/pipeline-config';
import type { DeployedStack } from './stack';

/**
 * The deployed function of a pipeline function (PIPELINE_FUNCTIONS): the stack's Lambda function
 * whose logical id contains the function's construct id (CDK logical ids are the construct path,
 * e.g. `NotificationsNotifier...`); undefined unless exactly one does.
 */
export function stackFunction(
  stack: Pick<DeployedStack, 'resources'>,
  settings: Pick<PipelineFunctionSettings, 'name'>,
): StackResourceSummary | undefined {
  const matches = stack.resources.filter(
    (r) =>
      r.ResourceType === 'AWS::Lambda::Function' &&
      r.LogicalResourceId?.includes(settings.name) === true &&
      r.PhysicalResourceId,
  );
  return matches.length === 1 ? matches[0] : undefined;
}

/** "the LogAggregator function (fleetlog-LogAggregator1234)'s logs", or without the name. */
export function functionLogs(
  stack: Pick<DeployedStack, 'resources'>,
  settings: Pick<PipelineFunctionSettings, 'name'>,
): string {
  const fn = stackFunction(stack, settings);
  return fn
    ? `the ${settings.name} function's logs (/aws/lambda/${fn.PhysicalResourceId})`
    : `the ${settings.name} function's logs`;
}
