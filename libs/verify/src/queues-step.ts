import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { callOptions, requireStack, type VerifyContext } from './context';
import { StepFailure } from './failure';
import { findFailureQueues } from './failure-queues';

/** Messages in a queue, in flight and delayed included. */
const COUNTS = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
] as const;

const REDEPLOY = 'the stack: deploy the current infra (npx cdk deploy), then run verify again';

/**
 * Step 5 (ARCHITECTURE.md section 6d): each failed-event queue of the stack (one per pipeline
 * function, `findFailureQueues`) must be empty; any message is a record or an event the pipeline
 * gave up on. Other queues of the stack are not read.
 */
export async function checkFailureQueues(ctx: VerifyContext): Promise<string> {
  const stack = requireStack(ctx);
  const { found, missing, ambiguous } = findFailureQueues(stack);
  if (missing.length > 0) {
    throw new StepFailure(
      `stack ${stack.name} has no failed-event queue ${missing.join(', ')}`,
      REDEPLOY,
    );
  }
  if (ambiguous.length > 0) {
    throw new StepFailure(
      `stack ${stack.name} has more than one queue that could be the failed-event queue ${ambiguous.join(', ')}`,
      "the stack's AWS::SQS::Queue resources (logical ids ending in that name and an 8-digit hash)",
    );
  }
  for (const queue of found) {
    const { Attributes } = await ctx.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: [...COUNTS] }),
      callOptions(ctx),
    );
    const messages = COUNTS.reduce((sum, name) => sum + Number(Attributes?.[name] ?? 0), 0);
    if (messages > 0) {
      const name = `${queue.name} (${queue.url.slice(queue.url.lastIndexOf('/') + 1)})`;
      throw new StepFailure(
        `failed-event queue ${name} holds ${messages} message${messages === 1 ? '' : 's'}`,
        `the messages in ${queue.url} (they name the batch or event given up on) and infra/README.md on the ${queue.name}NotEmpty alarm`,
      );
    }
  }
  return `${found.length} failed-event queues empty: ${found.map((q) => q.name).join(', ')}`;
}
