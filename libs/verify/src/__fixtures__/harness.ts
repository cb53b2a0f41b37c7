import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  type Output,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  SetAlarmStateCommand,
  type GetMetricDataCommandInput,
  type StateValue,
} from '@aws-sdk/client-cloudwatch';
import {
  ListSubscriptionsByTopicCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startLocalBucket, startLocalKinesis } from '@fleetlog/local-aws';
import { awsError } from '@fleetlog/testing';
import { REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { mockClient } from 'aws-sdk-client-mock';
import type { VerifyClients } from '../clients';
import { runVerify, type VerifyReport } from '../run-verify';
import type { VerifyOptions } from '../options';
import { FakeClock } from './fake-clock';
import { FakePipeline, type PipelineTimes } from './fake-pipeline';
import * as fake from './fake-stack';
import { notifierDelivery, rawAlarmDelivery } from './deliveries';

/** How the simulated deployment behaves; every field has the healthy default. */
export interface HarnessOptions {
  pipeline?: Partial<PipelineTimes>;
  outputs?: Output[];
  resources?: StackResourceSummary[];
  /** The alarm's state before verify forces it. */
  alarmState?: StateValue;
  /** ms from SetAlarmState to the notifier's message in the queue; undefined: it never comes. */
  notifyMs?: number | undefined;
  /** Whether the notifier marks the test (VERIFY_TEST_MARK). */
  marked?: boolean;
  /** Messages per failure queue URL. */
  queueMessages?: Record<string, number>;
  /** LifecycleSyncFailures Sum of the last 24 h. */
  syncFailures?: number;
  /** The map's text; undefined: no map. */
  map?: string | undefined;
}

export const RUN_ID = 'spec1';
export const QUEUE_URL = `https://sqs.${fake.REGION}.amazonaws.com/${fake.ACCOUNT}/fleetlog-verify-${RUN_ID}`;
export const QUEUE_ARN = `arn:aws:sqs:${fake.REGION}:${fake.ACCOUNT}:fleetlog-verify-${RUN_ID}`;
export const OUR_SUBSCRIPTION = `${fake.TOPIC_ARN}:sub-1`;

/** A deployment to verify: kinesalite and s3rver for the data, mocks for the rest. */
export async function startHarness(options: HarnessOptions = {}) {
  const kinesisLocal = await startLocalKinesis({ [fake.INPUT_STREAM]: 1, [fake.OUTPUT_STREAM]: 2 });
  const s3Local = await startLocalBucket(fake.BUCKET);
  const map = 'map' in options ? options.map : fake.MAP_CSV;
  if (map !== undefined) await s3Local.put(REFERENCE_KEYS.map, map);
  const clock = new FakeClock();
  const pipeline = new FakePipeline(
    kinesisLocal.kinesis,
    { input: fake.INPUT_STREAM, output: fake.OUTPUT_STREAM },
    { aggregateMs: 50_000, metricMs: 20_000, ...options.pipeline },
  );
  clock.onAdvance((now) => pipeline.tick(now));

  const clients: VerifyClients = {
    cloudFormation: new CloudFormationClient({ region: fake.REGION }),
    kinesis: kinesisLocal.kinesis,
    cloudWatch: new CloudWatchClient({ region: fake.REGION }),
    sns: new SNSClient({ region: fake.REGION }),
    sqs: new SQSClient({ region: fake.REGION }),
    s3: s3Local.s3,
  };
  const cfn = mockClient(clients.cloudFormation);
  // CloudFormation's answer to a name it does not know.
  cfn
    .on(DescribeStacksCommand)
    .callsFake((input: { StackName?: string }) =>
      Promise.reject(
        awsError('ValidationError', { message: `Stack with id ${input.StackName} does not exist` }),
      ),
    );
  cfn.on(DescribeStacksCommand, { StackName: fake.STACK_NAME }).resolves({
    Stacks: [
      {
        StackName: fake.STACK_NAME,
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date('2026-12-05T12:00:00Z'),
        Outputs: options.outputs ?? fake.stackOutputs(),
      },
    ],
  });
  cfn.on(ListStackResourcesCommand).resolves({
    StackResourceSummaries: options.resources ?? fake.stackResources(),
  });

  let alarm: { state: StateValue; setAt?: number } = { state: options.alarmState ?? 'OK' };
  const cw = mockClient(clients.cloudWatch);
  cw.on(DescribeAlarmsCommand).callsFake(() => ({
    MetricAlarms: [{ AlarmName: fake.ALARM_NAME, StateValue: alarm.state }],
  }));
  cw.on(SetAlarmStateCommand).callsFake((input) => {
    alarm = { state: input.StateValue, setAt: clock.now() };
    return {};
  });
  cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
    MetricDataResults: (input.MetricDataQueries ?? []).map((q) => {
      const start = (input.StartTime as Date).getTime();
      const values: Record<string, number | undefined> = {
        requests: pipeline.metricValue(start, clock.now()),
        failures: options.syncFailures ?? 0,
        invocations: 96,
        errors: 0,
      };
      const value = values[q.Id ?? ''];
      return { Id: q.Id, Values: value === undefined ? [] : [value] };
    }),
  }));

  const sns = mockClient(clients.sns);
  sns.on(SubscribeCommand).resolves({ SubscriptionArn: OUR_SUBSCRIPTION });
  sns.on(UnsubscribeCommand).resolves({});
  // Ours, once subscribed, beside a team's e-mail subscription that verify must leave alone.
  sns.on(ListSubscriptionsByTopicCommand).callsFake(() => ({
    Subscriptions: [
      {
        SubscriptionArn: `${fake.TOPIC_ARN}:team`,
        Protocol: 'email',
        Endpoint: 'team@example.com',
      },
      ...(sns.commandCalls(SubscribeCommand).length > 0
        ? [{ SubscriptionArn: OUR_SUBSCRIPTION, Protocol: 'sqs', Endpoint: QUEUE_ARN }]
        : []),
    ],
  }));

  const notifyMs = 'notifyMs' in options ? options.notifyMs : 12_000;
  let delivered = false;
  const sqs = mockClient(clients.sqs);
  sqs.on(CreateQueueCommand).resolves({ QueueUrl: QUEUE_URL });
  sqs.on(DeleteQueueCommand).resolves({});
  sqs.on(ReceiveMessageCommand).callsFake(() => {
    const due =
      alarm.state === 'ALARM' &&
      alarm.setAt !== undefined &&
      notifyMs !== undefined &&
      clock.now() >= alarm.setAt + notifyMs;
    if (!due || delivered) return { Messages: [] };
    delivered = true;
    return {
      Messages: [
        { MessageId: 'raw', Body: rawAlarmDelivery() },
        { MessageId: 'ours', Body: notifierDelivery(options.marked ?? true) },
      ],
    };
  });
  sqs.on(GetQueueAttributesCommand).callsFake((input) => ({
    Attributes: {
      ApproximateNumberOfMessages: String(options.queueMessages?.[input.QueueUrl ?? ''] ?? 0),
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
    },
  }));

  const lines: string[] = [];
  return {
    clients,
    clock,
    pipeline,
    mocks: { cfn, cw, sns, sqs },
    lines,
    alarmState: () => alarm.state,
    run: (extra: Partial<VerifyOptions> = {}): Promise<VerifyReport> =>
      runVerify(
        { stackName: fake.STACK_NAME, region: fake.REGION, runId: RUN_ID, ...extra },
        { clients, clock, print: (line) => lines.push(line) },
      ),
    stop: async () => {
      for (const m of [cfn, cw, sns, sqs]) m.restore();
      await kinesisLocal.stop();
      await s3Local.stop();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
