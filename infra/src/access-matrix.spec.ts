import { AccessModel } from './testing/access';
import {
  arnOf,
  callerOf,
  direct,
  fromAlarm,
  namespace,
  PRODUCER_ACCOUNT,
  viaKinesis,
  type Row,
} from './testing/access-matrix';
import { synthesize } from './testing/synthesize';

// Issue 21, item 5: the synthesized template's identity, resource and key policies, evaluated as
// IAM evaluates them (@cloud-copilot/iam-simulate). One synth: a watched group and one producer
// account, so that both "listed" and "not listed" accounts can be asked about.
let m: AccessModel;
beforeAll(() => {
  const s = synthesize(
    {
      producerAccounts: [PRODUCER_ACCOUNT],
      watchedGroups: [{ groupName: 'billing-asg', applicationName: 'billing', contact: 'b@x.io' }],
    },
    { bundle: false },
  );
  m = new AccessModel(s.template.toJSON() as Record<string, unknown>);
}, 180_000);

const FLEETLOG = namespace('FleetLog');
const READ_RECORDS = 'kinesis:GetRecords';

/**
 * Every AWS call each function's code makes, and the calls Lambda makes with the function's role
 * for it (a Kinesis event source reads the stream and decrypts; an on-failure destination sends
 * to the queue; the runtime writes logs).
 */
const ALLOWED: Row[] = [
  // libs/log-aggregator: reference-map.ts GetObject (ListBucket makes a missing map a 404),
  // output-writer.ts PutRecords; its event source mapping on the input stream.
  ['aggregator', 's3:GetObject', 'map'],
  ['aggregator', 's3:ListBucket', 'bucket', () => ({ 's3:prefix': 'reference/' })],
  ['aggregator', 'kinesis:PutRecords', 'output stream'],
  ['aggregator', 'kms:GenerateDataKey', 'stream key', viaKinesis('output stream')],
  ['aggregator', READ_RECORDS, 'input stream'],
  ['aggregator', 'kinesis:GetShardIterator', 'input stream'],
  ['aggregator', 'kinesis:DescribeStream', 'input stream'],
  ['aggregator', 'kinesis:ListShards', 'input stream'],
  ['aggregator', 'kms:Decrypt', 'stream key', viaKinesis('input stream')],
  ['aggregator', 'sqs:SendMessage', 'queue AggregatorFailures'],
  ['aggregator', 'logs:PutLogEvents', 'log stream LogAggregatorLogs'],
  // libs/metrics-publisher: publisher.ts PutMetricData, recent-top-hosts.ts Get/PutObject,
  // dynamo-ledger.ts GetItem and (conditional) PutItem on the publish ledger.
  ['publisher', 'cloudwatch:PutMetricData', '*', FLEETLOG],
  ['publisher', 'dynamodb:GetItem', 'ledger table'],
  ['publisher', 'dynamodb:PutItem', 'ledger table'],
  ['publisher', 's3:GetObject', 'top hosts'],
  ['publisher', 's3:PutObject', 'top hosts'],
  ['publisher', READ_RECORDS, 'output stream'],
  ['publisher', 'kms:Decrypt', 'stream key', viaKinesis('output stream')],
  ['publisher', 'sqs:SendMessage', 'queue PublisherFailures'],
  // libs/lifecycle-sync: store.ts Get/PutObject (conditional), fleet.ts Describe*,
  // lifecycle-action.ts CompleteLifecycleAction, failure-metric.ts PutMetricData.
  ['lifecycle-sync', 's3:GetObject', 'map'],
  ['lifecycle-sync', 's3:GetObject', 'sync state'],
  ['lifecycle-sync', 's3:GetObject', 'static hosts'],
  ['lifecycle-sync', 's3:PutObject', 'map'],
  ['lifecycle-sync', 's3:PutObject', 'sync state'],
  ['lifecycle-sync', 'autoscaling:DescribeAutoScalingGroups', '*'],
  ['lifecycle-sync', 'autoscaling:DescribeLifecycleHooks', '*'],
  ['lifecycle-sync', 'ec2:DescribeInstances', '*'],
  ['lifecycle-sync', 'autoscaling:CompleteLifecycleAction', 'group billing-asg'],
  ['lifecycle-sync', 'cloudwatch:PutMetricData', '*', FLEETLOG],
  ['lifecycle-sync', 'sqs:SendMessage', 'queue LifecycleEventsDlq'],
  // libs/notifier: lookups.ts GetObject (map, recent top hosts), create-handler.ts Publish to the
  // SSE-KMS alarm topic (a data key of its key).
  ['notifier', 's3:GetObject', 'map'],
  ['notifier', 's3:GetObject', 'top hosts'],
  ['notifier', 'sns:Publish', 'alarm topic'],
  ['notifier', 'kms:GenerateDataKey', 'topic key'],
  ['notifier', 'kms:Decrypt', 'topic key'],
  ['notifier', 'sqs:SendMessage', 'queue NotificationsNotifierFailures'],
  // Log shippers with the ShipperPolicyArn policy, and a listed producer account.
  ['shipper', 'kinesis:PutRecord', 'input stream'],
  ['shipper', 'kinesis:PutRecords', 'input stream'],
  ['shipper', 'kms:GenerateDataKey', 'stream key', viaKinesis('input stream')],
  ['producer account', 'kinesis:PutRecords', 'input stream'],
  ['producer account', 'kinesis:PutRecord', 'input stream'],
  ['producer account', 'kms:GenerateDataKey', 'stream key', viaKinesis('input stream')],
  // The archive (ARCHITECTURE.md section 6e). apps/archive-transformer: the map, as the aggregator
  // reads it (GetObject; ListBucket makes a missing map a 404).
  ['archive-transformer', 's3:GetObject', 'map'],
  ['archive-transformer', 's3:ListBucket', 'bucket', () => ({ 's3:prefix': 'reference/' })],
  ['archive-transformer', 'logs:PutLogEvents', 'log stream ArchiveTransformerLogs'],
  // Firehose reading a Kinesis source: DescribeStream, GetShardIterator, GetRecords, ListShards,
  // and kms:Decrypt for an encrypted stream (Firehose developer guide, "Grant Firehose access to a
  // Kinesis data stream as source", https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html).
  ['firehose source', READ_RECORDS, 'input stream'],
  ['firehose source', 'kinesis:GetShardIterator', 'input stream'],
  ['firehose source', 'kinesis:DescribeStream', 'input stream'],
  ['firehose source', 'kinesis:DescribeStreamSummary', 'input stream'],
  ['firehose source', 'kinesis:ListShards', 'input stream'],
  ['firehose source', 'kms:Decrypt', 'stream key', viaKinesis('input stream')],
  // Firehose delivering: the transformation, then PutObject (and multipart) into the bucket.
  ['firehose delivery', 'lambda:InvokeFunction', 'transformer function'],
  ['firehose delivery', 's3:PutObject', 'archive object'],
  ['firehose delivery', 's3:AbortMultipartUpload', 'archive object'],
  ['firehose delivery', 's3:GetBucketLocation', 'archive bucket'],
  ['firehose delivery', 's3:ListBucket', 'archive bucket'],
  // CloudWatch, for this stack's alarms in this account.
  ['cloudwatch', 'sns:Publish', 'operations topic', fromAlarm('FleetLog-ApplicationFlood')],
  ['cloudwatch', 'sns:Publish', 'alarm topic', fromAlarm('FleetLog-UnknownSourceRequests')],
  ['cloudwatch', 'kms:GenerateDataKey', 'topic key', fromAlarm('FleetLog-LogAggregatorThrottles')],
  ['cloudwatch', 'kms:Decrypt', 'topic key', fromAlarm('FleetLog-ApplicationFlood')],
];

/** A sample of what each must not do: other objects, namespaces, streams, keys, accounts. */
const DENIED: Row[] = [
  // The archive's roles: nothing of the reference bucket but the map, no output stream, no
  // archive for the transformation; no reference bucket, no output stream for Firehose.
  ['archive-transformer', 's3:GetObject', 'static hosts'],
  ['archive-transformer', 's3:GetObject', 'top hosts'],
  ['archive-transformer', 's3:PutObject', 'map'],
  ['archive-transformer', 'kinesis:PutRecords', 'output stream'],
  ['archive-transformer', READ_RECORDS, 'input stream'],
  ['archive-transformer', 's3:PutObject', 'archive object'],
  ['archive-transformer', 's3:GetObject', 'archive object'],
  ['firehose source', READ_RECORDS, 'output stream'],
  ['firehose source', 'kinesis:PutRecords', 'input stream'],
  // (kms:Decrypt with the stream key is CDK's stream grant, not scoped to one stream's encryption
  // context, as for the pipeline's consumers: the GetRecords deny above keeps the output stream.)
  ['firehose source', 's3:PutObject', 'archive object'],
  ['firehose delivery', READ_RECORDS, 'output stream'],
  ['firehose delivery', 'kinesis:PutRecords', 'output stream'],
  ['firehose delivery', 's3:GetObject', 'map'],
  ['firehose delivery', 's3:PutObject', 'map'],
  ['firehose delivery', 's3:ListBucket', 'bucket', () => ({ 's3:prefix': 'reference/' })],
  ['firehose delivery', 'kms:Decrypt', 'stream key', viaKinesis('input stream')],
  // The pipeline's functions and the shippers never touch the archive.
  ['aggregator', 's3:GetObject', 'archive object'],
  ['aggregator', 's3:PutObject', 'archive object'],
  ['publisher', 's3:PutObject', 'archive object'],
  ['lifecycle-sync', 's3:GetObject', 'archive object'],
  ['lifecycle-sync', 's3:ListBucket', 'archive bucket'],
  ['notifier', 's3:GetObject', 'archive object'],
  ['shipper', 's3:PutObject', 'archive object'],
  ['producer account', 's3:GetObject', 'archive object'],
  ['stranger account', 's3:PutObject', 'archive object'],
  ['aggregator', 's3:GetObject', 'static hosts'],
  ['aggregator', 's3:PutObject', 'map'],
  ['aggregator', 'kinesis:PutRecords', 'input stream'],
  ['aggregator', READ_RECORDS, 'output stream'],
  ['aggregator', 'cloudwatch:PutMetricData', '*', FLEETLOG],
  ['aggregator', 'kms:Decrypt', 'topic key'],
  ['publisher', 'cloudwatch:PutMetricData', '*', namespace('AWS/Lambda')],
  ['publisher', 'cloudwatch:PutMetricData', '*', namespace('OtherTeam')],
  ['publisher', 's3:GetObject', 'map'],
  ['publisher', 'kinesis:PutRecords', 'output stream'],
  ['publisher', READ_RECORDS, 'input stream'],
  ['publisher', 'sns:Publish', 'alarm topic'],
  ['publisher', 'dynamodb:GetItem', 'other table'],
  ['publisher', 'dynamodb:PutItem', 'other table'],
  ['publisher', 'dynamodb:UpdateItem', 'ledger table'],
  ['publisher', 'dynamodb:DeleteItem', 'ledger table'],
  ['publisher', 'dynamodb:Scan', 'ledger table'],
  ['aggregator', 'dynamodb:GetItem', 'ledger table'],
  ['aggregator', 'dynamodb:PutItem', 'ledger table'],
  ['lifecycle-sync', 'dynamodb:PutItem', 'ledger table'],
  ['notifier', 'dynamodb:GetItem', 'ledger table'],
  ['shipper', 'dynamodb:PutItem', 'ledger table'],
  ['producer account', 'dynamodb:GetItem', 'ledger table'],
  ['lifecycle-sync', 's3:PutObject', 'static hosts'],
  ['lifecycle-sync', 's3:GetObject', 'top hosts'],
  ['lifecycle-sync', 'autoscaling:CompleteLifecycleAction', 'group other-team-asg'],
  ['lifecycle-sync', 'cloudwatch:PutMetricData', '*', namespace('OtherTeam')],
  ['lifecycle-sync', 'kinesis:PutRecords', 'input stream'],
  ['notifier', 'sns:Publish', 'operations topic'],
  ['notifier', 's3:GetObject', 'sync state'],
  ['notifier', 's3:PutObject', 'top hosts'],
  ['notifier', 'kms:Decrypt', 'stream key'],
  ['shipper', 'kinesis:PutRecords', 'output stream'],
  ['shipper', READ_RECORDS, 'input stream'],
  ['shipper', 'kinesis:DescribeStreamSummary', 'input stream'],
  ['shipper', 'kms:GenerateDataKey', 'stream key', viaKinesis('output stream')],
  ['shipper', 'kms:GenerateDataKey', 'stream key', direct],
  ['shipper', 'kms:Decrypt', 'stream key', viaKinesis('input stream')],
  ['shipper', 's3:GetObject', 'map'],
  ['shipper', 'sns:Publish', 'alarm topic'],
  ['producer account', 'kinesis:PutRecords', 'output stream'],
  ['producer account', READ_RECORDS, 'input stream'],
  ['producer account', 'kinesis:DescribeStreamSummary', 'input stream'],
  ['producer account', 'kms:GenerateDataKey', 'stream key', direct],
  ['producer account', 'kms:Decrypt', 'stream key', viaKinesis('input stream')],
  ['producer account', 's3:GetObject', 'map'],
  ['producer account', 'sns:Publish', 'alarm topic'],
  ['producer account', 'sqs:SendMessage', 'queue AggregatorFailures'],
  ['stranger account', 'kinesis:PutRecords', 'input stream'],
  ['stranger account', 'kinesis:PutRecord', 'input stream'],
  ['stranger account', 'kms:GenerateDataKey', 'stream key', viaKinesis('input stream')],
  ['stranger account', 'kms:Decrypt', 'topic key'],
  ['stranger account', 's3:GetObject', 'map'],
  ['stranger account', 'sns:Publish', 'operations topic'],
  ['stranger account', 'sqs:SendMessage', 'queue LifecycleEventsDlq'],
  ['cloudwatch', 'sns:Publish', 'alarm topic', fromAlarm('OtherStack-Alarm')],
  ['cloudwatch', 'sns:Publish', 'operations topic', fromAlarm('FleetLog-X', '333333333333')],
  ['cloudwatch', 'sns:Publish', 'operations topic'],
  ['cloudwatch', 'kms:GenerateDataKey', 'topic key', fromAlarm('OtherStack-Alarm')],
  ['cloudwatch', 'kms:GenerateDataKey', 'stream key', fromAlarm('FleetLog-ApplicationFlood')],
];

const ask = async ([who, action, target, context]: Row) =>
  m.decide(callerOf(m, who), action, arnOf(m, target), context?.(m) ?? {});

describe('access matrix: allowed', () => {
  it.each(ALLOWED)('%s may %s on %s', async (...row) => {
    const { decision, ignoredContextKeys } = await ask(row);
    expect(ignoredContextKeys).toEqual([]);
    expect(decision).toBe('allow');
  });
});

describe('access matrix: denied', () => {
  it.each(DENIED)('%s may not %s on %s', async (...row) => {
    const { decision, ignoredContextKeys } = await ask(row);
    expect(ignoredContextKeys).toEqual([]);
    expect(decision).toBe('deny');
  });
});
