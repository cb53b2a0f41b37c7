import { RECENT_TOP_HOSTS_KEY, REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { ADMIN_POLICY, type AccessModel, type Caller, type Context } from './access';

/** An account listed in `producerAccounts`, and one that is not. */
export const PRODUCER_ACCOUNT = '222222222222';
export const STRANGER_ACCOUNT = '333333333333';

/**
 * Who the access matrix asks about: the four functions, the archive's transformation and its
 * Firehose roles (source: reading the input stream; delivery: transformation and bucket), shippers,
 * other accounts, CloudWatch.
 */
export type Who =
  | 'archive-transformer'
  | 'firehose source'
  | 'firehose delivery'
  | 'aggregator'
  | 'publisher'
  | 'lifecycle-sync'
  | 'notifier'
  | 'shipper'
  | 'producer account'
  | 'stranger account'
  | 'cloudwatch';

/** What the matrix names instead of ARNs (resolved for the synthesized template). */
export type Target =
  | 'input stream'
  | 'output stream'
  | 'stream key'
  | 'topic key'
  | 'alarm topic'
  | 'operations topic'
  | 'bucket'
  | 'map'
  | 'static hosts'
  | 'sync state'
  | 'top hosts'
  | 'ledger table'
  | 'other table'
  | 'archive bucket'
  | 'archive object'
  | 'transformer function'
  | `queue ${string}`
  | `log stream ${string}`
  | `group ${string}`
  | '*';

/** Request context, computed once the template is resolved. */
export type ContextOf = (m: AccessModel) => Context;

export type Row = [who: Who, action: string, target: Target, context?: ContextOf];

/** The caller behind each `Who`. */
export function callerOf(m: AccessModel, who: Who): Caller {
  const account = (id: string): Caller => ({
    principal: `arn:aws:iam::${id}:role/web-fleet`,
    identityPolicies: [ADMIN_POLICY],
  });
  const callers: Record<Who, () => Caller> = {
    'archive-transformer': () => m.role('ArchiveTransformerRole'),
    'firehose source': () => m.role('ArchiveDeliveryServiceRole'),
    'firehose delivery': () => m.role('ArchiveDeliveryS3DestinationRole'),
    aggregator: () => m.role('LogAggregatorRole'),
    publisher: () => m.role('MetricsPublisherRole'),
    'lifecycle-sync': () => m.role('LifecycleSyncRole'),
    notifier: () => m.role('NotificationsNotifierRole'),
    // A role of this account with nothing but the ShipperPolicyArn output attached.
    shipper: () => m.roleWithManagedPolicy('ShippersPolicy', 'web-fleet'),
    'producer account': () => account(PRODUCER_ACCOUNT),
    'stranger account': () => account(STRANGER_ACCOUNT),
    cloudwatch: () => ({ principal: 'cloudwatch.amazonaws.com', identityPolicies: [] }),
  };
  return callers[who]();
}

/** The ARN a matrix target stands for. */
export function arnOf(m: AccessModel, target: Target): string {
  const t = m.template;
  const { partition: p, region: r, account: a } = t.target;
  const arn = (type: string, prefix: string) => t.arn(t.idOf(type, prefix));
  const object = (key: string) => `${arn('AWS::S3::Bucket', 'ReferenceBucket')}/${key}`;
  const fixed: Record<string, () => string> = {
    'input stream': () => arn('AWS::Kinesis::Stream', 'StreamsInput'),
    'output stream': () => arn('AWS::Kinesis::Stream', 'StreamsOutput'),
    'stream key': () => arn('AWS::KMS::Key', 'StreamsKey'),
    'topic key': () => arn('AWS::KMS::Key', 'AlarmsTopicKey'),
    'alarm topic': () => arn('AWS::SNS::Topic', 'AlarmsTopic'),
    'operations topic': () => arn('AWS::SNS::Topic', 'AlarmsOperationsTopic'),
    bucket: () => arn('AWS::S3::Bucket', 'ReferenceBucket'),
    map: () => object(REFERENCE_KEYS.map),
    'static hosts': () => object(REFERENCE_KEYS.staticHosts),
    'sync state': () => object(REFERENCE_KEYS.syncState),
    'top hosts': () => object(RECENT_TOP_HOSTS_KEY),
    'ledger table': () => arn('AWS::DynamoDB::Table', 'PublishLedgerTable'),
    // Another team's table in the same account and region.
    'other table': () => `arn:${p}:dynamodb:${r}:${a}:table/other-team-ledger`,
    'archive bucket': () => arn('AWS::S3::Bucket', 'ArchiveStoreBucket'),
    // An object Firehose writes (ARCHITECTURE.md section 6e: archive/dt=/hour=/).
    'archive object': () =>
      `${arn('AWS::S3::Bucket', 'ArchiveStoreBucket')}/archive/dt=2026-12-05/hour=06/FleetLog-1.json.gz`,
    'transformer function': () => arn('AWS::Lambda::Function', 'ArchiveTransformerFunction'),
    '*': () => '*',
  };
  if (target in fixed) return fixed[target]();
  const [, kind, name] = /^(queue|group|log stream) (.+)$/.exec(target) ?? [];
  if (kind === 'queue') return arn('AWS::SQS::Queue', name);
  if (kind === 'group') {
    return `arn:${p}:autoscaling:${r}:${a}:autoScalingGroup:0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f:autoScalingGroupName/${name}`;
  }
  if (kind === 'log stream') {
    const group = arn('AWS::Logs::LogGroup', name).replace(/:\*$/, '');
    return `${group}:log-stream:2026/12/05/[$LATEST]0123456789abcdef`;
  }
  throw new Error(`unknown matrix target ${target}`);
}

/** Context of a call Kinesis makes to KMS on a producer's behalf, for records of `stream`. */
export function viaKinesis(stream: Target): ContextOf {
  return (m) => {
    const { region, urlSuffix } = m.template.target;
    return {
      'kms:ViaService': `kinesis.${region}.${urlSuffix}`,
      'kms:EncryptionContext:aws:kinesis:arn': arnOf(m, stream),
    };
  };
}

/** A KMS call made directly, not by Kinesis (e.g. a shipper generating data keys itself). */
export const direct: ContextOf = () => ({});

/** Context of CloudWatch acting for the alarm `name` of `account` (default: this account). */
export function fromAlarm(name: string, account?: string): ContextOf {
  return (m) => {
    const { partition, region, account: ours } = m.template.target;
    const owner = account ?? ours;
    return {
      'aws:SourceAccount': owner,
      'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${owner}:alarm:${name}`,
    };
  };
}

/** PutMetricData into `namespace`. */
export function namespace(name: string): ContextOf {
  return () => ({ 'cloudwatch:namespace': name });
}
