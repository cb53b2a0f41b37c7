import {
  ConfirmSubscriptionCommand,
  ListSubscriptionsByTopicCommand,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { awsErrorName } from '@fleetlog/aws-kit';
import { cleanupCallOptions } from './cleanup';
import { callOptions, type VerifyContext } from './context';
import { parseSnsDelivery, type SnsDelivery } from './sns-delivery';

/** SQS's longest long poll, seconds. */
const MAX_WAIT_SECONDS = 20;

/** A queue of verify's own, subscribed to the alarm topic. */
export interface TempSubscription {
  readonly queueUrl: string;
  readonly queueArn: string;
  /** The subscription's ARN, or "pending confirmation" until SNS confirms it. */
  subscriptionArn: string | undefined;
}

/** The queue's ARN: same partition, region and account as the topic (SNS delivers in-region). */
export function queueArnBesideTopic(topicArn: string, queueName: string): string {
  const parts = topicArn.split(':');
  if (parts.length < 6 || parts[2] !== 'sns') {
    throw new RangeError(`not an SNS topic ARN: ${topicArn}`);
  }
  const [, partition, , region, account] = parts;
  return `arn:${partition}:sqs:${region}:${account}:${queueName}`;
}

/** Only the alarm topic may send to the queue (SQS developer guide, "SNS to SQS" policy). */
function queuePolicy(queueArn: string, topicArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AlarmTopicOnly',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
      },
    ],
  });
}

/** The queue's URL by its name; undefined when there is no such queue. */
async function queueUrlByName(ctx: VerifyContext, queueName: string): Promise<string | undefined> {
  try {
    const { QueueUrl } = await ctx.clients.sqs.send(
      new GetQueueUrlCommand({ QueueName: queueName }),
      cleanupCallOptions(),
    );
    return QueueUrl;
  } catch (error) {
    if (awsErrorName(error) === 'QueueDoesNotExist') return undefined;
    throw error;
  }
}

/**
 * Unsubscribes every confirmed subscription of the topic whose endpoint is the queue (only the
 * run's own queue: its name carries the run id); false when there is none. A subscription still
 * pending confirmation cannot be unsubscribed: it lapses after three days, unconfirmable once
 * the queue is gone.
 */
async function unsubscribeQueue(
  ctx: VerifyContext,
  topicArn: string,
  queueArn: string,
): Promise<boolean> {
  let removed = false;
  let token: string | undefined;
  do {
    const page = await ctx.clients.sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: token }),
      cleanupCallOptions(),
    );
    for (const sub of page.Subscriptions ?? []) {
      if (sub.Endpoint !== queueArn || !sub.SubscriptionArn?.startsWith('arn:')) continue;
      await ctx.clients.sns.send(
        new UnsubscribeCommand({ SubscriptionArn: sub.SubscriptionArn }),
        cleanupCallOptions(),
      );
      removed = true;
    }
    token = page.NextToken;
  } while (token);
  return removed;
}

/**
 * Creates the queue (SSE-SQS encryption, the topic-only policy, 15 minutes' retention) and
 * subscribes it to the topic. Each is registered for cleanup before it is created and found by
 * name or endpoint at cleanup, so nothing is left behind even when a creating call fails midway.
 * The creating calls are not cut short by Ctrl-C (their own timeout only).
 */
export async function subscribeTempQueue(
  ctx: VerifyContext,
  topicArn: string,
): Promise<TempSubscription> {
  const { sqs, sns } = ctx.clients;
  const queueName = `fleetlog-verify-${ctx.options.runId}`;
  const queueArn = queueArnBesideTopic(topicArn, queueName);
  // Known once CreateQueue answers; until then the cleanup looks the queue up by name.
  const made: { queueUrl?: string } = {};
  ctx.cleanup.add(
    `queue ${queueName}`,
    `aws sqs delete-queue --queue-url $(aws sqs get-queue-url --queue-name ${queueName} --query QueueUrl --output text)`,
    async () => {
      const url = made.queueUrl ?? (await queueUrlByName(ctx, queueName));
      if (!url) return false;
      await sqs.send(new DeleteQueueCommand({ QueueUrl: url }), cleanupCallOptions());
      return true;
    },
  );
  const created = await sqs.send(
    new CreateQueueCommand({
      QueueName: queueName,
      Attributes: {
        SqsManagedSseEnabled: 'true',
        MessageRetentionPeriod: '900',
        Policy: queuePolicy(queueArn, topicArn),
      },
      tags: { 'fleetlog:verify': ctx.options.runId },
    }),
    cleanupCallOptions(),
  );
  const queueUrl = created.QueueUrl;
  if (!queueUrl) throw new Error(`CreateQueue ${queueName} returned no QueueUrl`);
  made.queueUrl = queueUrl;
  ctx.cleanup.add(
    `subscription of ${queueName} to the alarm topic`,
    `aws sns list-subscriptions-by-topic --topic-arn ${topicArn}, then aws sns unsubscribe the one with endpoint ${queueArn}`,
    () => unsubscribeQueue(ctx, topicArn, queueArn),
  );
  const { SubscriptionArn } = await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      ReturnSubscriptionArn: true,
    }),
    cleanupCallOptions(),
  );
  return { queueUrl, queueArn, subscriptionArn: SubscriptionArn };
}

/**
 * One long poll of the queue (at most `remainingMs`, at most 20 s): the SNS deliveries in it.
 * A subscription confirmation (SNS sends one when it does not confirm on its own) is confirmed.
 */
export async function receiveDeliveries(
  ctx: VerifyContext,
  topicArn: string,
  subscription: TempSubscription,
  remainingMs: number,
): Promise<SnsDelivery[]> {
  const out = await ctx.clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: subscription.queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: Math.min(MAX_WAIT_SECONDS, Math.floor(remainingMs / 1000)),
      MessageAttributeNames: ['All'],
    }),
    callOptions(ctx),
  );
  const deliveries: SnsDelivery[] = [];
  for (const message of out.Messages ?? []) {
    const delivery = parseSnsDelivery(message.Body);
    if (!delivery) continue;
    if (delivery.type === 'SubscriptionConfirmation' && delivery.token) {
      const confirmed = await ctx.clients.sns.send(
        new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: delivery.token }),
        cleanupCallOptions(),
      );
      subscription.subscriptionArn = confirmed.SubscriptionArn;
      continue;
    }
    deliveries.push(delivery);
  }
  return deliveries;
}
