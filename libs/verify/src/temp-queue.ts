import {
  ConfirmSubscriptionCommand,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { cleanupCallOptions } from './cleanup';
import { callOptions, type VerifyContext } from './context';
import { parseSnsDelivery, type SnsDelivery } from './sns-delivery';

/** SQS's longest long poll, seconds. */
const MAX_WAIT_SECONDS = 20;

/** A queue of verify's own, subscribed to the alarm topic. */
export interface TempSubscription {
  readonly queueUrl: string;
  readonly queueArn: string;
  /** Set once SNS has confirmed the subscription. */
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

/**
 * Creates the queue (SSE-SQS encryption, the topic-only policy, 15 minutes' retention) and
 * subscribes it to the topic. Each is registered for cleanup the moment it exists.
 */
export async function subscribeTempQueue(
  ctx: VerifyContext,
  topicArn: string,
): Promise<TempSubscription> {
  const { sqs, sns } = ctx.clients;
  const queueName = `fleetlog-verify-${ctx.options.runId}`;
  const queueArn = queueArnBesideTopic(topicArn, queueName);
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
    callOptions(ctx),
  );
  const queueUrl = created.QueueUrl;
  if (!queueUrl) throw new Error(`CreateQueue ${queueName} returned no QueueUrl`);
  ctx.cleanup.add(
    `queue ${queueName}`,
    `aws sqs delete-queue --queue-url ${queueUrl}`,
    async () => {
      await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }), cleanupCallOptions());
    },
  );
  const subscription: TempSubscription = { queueUrl, queueArn, subscriptionArn: undefined };
  const { SubscriptionArn } = await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      ReturnSubscriptionArn: true,
    }),
    callOptions(ctx),
  );
  registerSubscription(ctx, subscription, SubscriptionArn);
  return subscription;
}

/** Registers the unsubscribe once the ARN is real (not "pending confirmation"). */
function registerSubscription(
  ctx: VerifyContext,
  subscription: TempSubscription,
  arn: string | undefined,
): void {
  if (!arn?.startsWith('arn:') || subscription.subscriptionArn) return;
  subscription.subscriptionArn = arn;
  ctx.cleanup.add(
    `subscription ${arn}`,
    `aws sns unsubscribe --subscription-arn ${arn}`,
    async () => {
      await ctx.clients.sns.send(
        new UnsubscribeCommand({ SubscriptionArn: arn }),
        cleanupCallOptions(),
      );
    },
  );
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
        callOptions(ctx),
      );
      registerSubscription(ctx, subscription, confirmed.SubscriptionArn);
      continue;
    }
    deliveries.push(delivery);
  }
  return deliveries;
}
