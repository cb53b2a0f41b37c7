import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { callOptions, requireStack, type VerifyContext } from './context';
import { StepFailure } from './failure';

/** Messages in a queue, in flight and delayed included. */
const COUNTS = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
] as const;

/**
 * Step 5 (ARCHITECTURE.md section 6d): every queue of the stack (its failure queues and
 * dead-letter queues: the stack has no other) must be empty; any message is a record or an event
 * the pipeline gave up on.
 */
export async function checkFailureQueues(ctx: VerifyContext): Promise<string> {
  const stack = requireStack(ctx);
  const queues = stack.resources.filter(
    (r) => r.ResourceType === 'AWS::SQS::Queue' && r.PhysicalResourceId,
  );
  if (queues.length === 0) {
    throw new StepFailure(`stack ${stack.name} has no SQS queues`, "the stack's resources");
  }
  const names: string[] = [];
  for (const queue of queues) {
    const url = queue.PhysicalResourceId as string;
    const { Attributes } = await ctx.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...COUNTS] }),
      callOptions(ctx),
    );
    const messages = COUNTS.reduce((sum, name) => sum + Number(Attributes?.[name] ?? 0), 0);
    const name = `${queue.LogicalResourceId} (${url.slice(url.lastIndexOf('/') + 1)})`;
    if (messages > 0) {
      throw new StepFailure(
        `failed-event queue ${name} holds ${messages} message${messages === 1 ? '' : 's'}`,
        `the messages in ${url} (they name the batch or event given up on) and infra/README.md on that queue's alarm`,
      );
    }
    names.push(queue.LogicalResourceId ?? url);
  }
  return `${queues.length} queues empty: ${names.join(', ')}`;
}
