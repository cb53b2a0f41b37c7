import type { StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { pipelineFunctions, type PipelineFunctionSettings } from '@fleetlog/pipeline-config';
import type { DeployedStack } from './stack';

/** A failed-event queue of the stack: which function gives up into it, and the queue. */
export interface FailureQueue {
  /** The queue's construct id (`failureQueueName` of PIPELINE_FUNCTIONS), e.g. `AggregatorFailures`. */
  readonly name: string;
  readonly logicalId: string;
  readonly url: string;
}

/** What the stack's queues say about the failed-event queues verify expects. */
export interface FailureQueues {
  readonly found: readonly FailureQueue[];
  /** Expected queues with no queue of the stack. */
  readonly missing: readonly string[];
  /** Expected queues more than one queue of the stack could be. */
  readonly ambiguous: readonly string[];
}

/**
 * CDK names a resource `<construct path without "Resource"><8 upper-case hex digits>`: the queue
 * built with construct id `AggregatorFailures` at the stack's top level is
 * `AggregatorFailures1A2B3C4D`, the notifier's inside its construct `Notifications...NotifierFailures
 * 9F8E7D6C`. So a queue is `name`'s when its logical id ends with `name` and the hash.
 */
function isQueueOf(logicalId: string, name: string): boolean {
  const suffix = logicalId.slice(-(name.length + 8));
  return suffix.startsWith(name) && /^[0-9A-F]{8}$/.test(suffix.slice(name.length));
}

/**
 * The stack's failed-event queues, exactly: for each pipeline function (PIPELINE_FUNCTIONS) the
 * `AWS::SQS::Queue` built under its `failureQueueName` (the on-failure destination of its event
 * source mapping or asynchronous invocations, and for lifecycle-sync and the notifier also their
 * EventBridge targets' dead-letter queue). Any other queue of the stack is not one of them and is
 * not read. The stack has no output naming these queues, so they are found by that construct id.
 */
export function findFailureQueues(
  stack: Pick<DeployedStack, 'resources'>,
  functions: readonly Pick<PipelineFunctionSettings, 'failureQueueName'>[] = pipelineFunctions(),
): FailureQueues {
  const queues = stack.resources.filter(
    (r): r is StackResourceSummary & { LogicalResourceId: string; PhysicalResourceId: string } =>
      r.ResourceType === 'AWS::SQS::Queue' &&
      typeof r.LogicalResourceId === 'string' &&
      typeof r.PhysicalResourceId === 'string' &&
      r.PhysicalResourceId !== '',
  );
  const found: FailureQueue[] = [];
  const missing: string[] = [];
  const ambiguous: string[] = [];
  for (const { failureQueueName: name } of functions) {
    const matches = queues.filter((q) => isQueueOf(q.LogicalResourceId, name));
    if (matches.length === 0) missing.push(name);
    else if (matches.length > 1) ambiguous.push(name);
    else
      found.push({
        name,
        logicalId: matches[0].LogicalResourceId,
        url: matches[0].PhysicalResourceId,
      });
  }
  return { found, missing, ambiguous };
}
