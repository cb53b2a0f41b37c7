import { DEFAULT_LOG_FORMAT } from '@fleetlog/log-schema';
import {
  DEFAULT_ADDRESS_KINDS,
  type AddressKind,
  type Shipper,
  DEFAULT_GRACE_PERIOD_MINUTES,
  DEFAULT_NAMESPACE,
  DEFAULT_TAG_KEYS,
  DEFAULT_UNKNOWN_SOURCE_THRESHOLD,
  DEFAULT_APPLICATION_THRESHOLD,
  ARCHIVE_SETTINGS,
  TUMBLING_WINDOW_SECONDS,
} from '@fleetlog/pipeline-config';
import { validateConfig } from './config-validation';

/** An existing Auto Scaling group (not defined in this app) whose instances are log sources. */
export interface WatchedGroup {
  /** Name of the Auto Scaling group. */
  readonly groupName: string;
  /** Application its instances are counted as. */
  readonly applicationName: string;
  /** Who to contact about the application. */
  readonly contact: string;
}

export type StreamModeName = 'ON_DEMAND' | 'PROVISIONED';
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Everything an operator can configure, as props or as `cdk.json` context of the same name. */
export interface FleetLogConfig {
  /**
   * CloudWatch namespace of the custom metrics.
   * @default 'FleetLog'
   */
  readonly namespace?: string;
  /**
   * Requests from unmapped hosts per 5 minutes above which the UnknownSourceRequests alarm fires.
   * @default 100
   */
  readonly unknownSourceThreshold?: number;
  /**
   * Requests of one application per 5 minutes above which its ApplicationFlood contributor fires.
   * @default 10000
   */
  readonly applicationThreshold?: number;
  /**
   * Tumbling window of the aggregator's event source mapping, in seconds (1..900): how often each
   * shard flushes its partial aggregates. Requests are still counted in one-minute event-time
   * buckets, so a longer window only delays each minute's data point, and every alarm by as much
   * (ARCHITECTURE.md section 6b): it trades time to alarm against records per flush.
   * @default 60
   */
  readonly windowSeconds?: number;
  /**
   * Time range the dashboard opens with, in whole hours (1..2520).
   * @default 1
   */
  readonly dashboardHours?: number;
  /**
   * Capacity mode of both streams.
   * @default 'ON_DEMAND'
   */
  readonly streamMode?: StreamModeName;
  /**
   * Shards per stream; only used when `streamMode` is `PROVISIONED`.
   * @default 1
   */
  readonly shardCount?: number;
  /**
   * Existing Auto Scaling groups that get fleetlog lifecycle hooks.
   * @default []
   */
  readonly watchedGroups?: readonly WatchedGroup[];
  /**
   * Also accept groups opted in only by their `fleetlog:application` tag: the lifecycle rule then
   * matches every group, and CompleteLifecycleAction is allowed on groups carrying that tag.
   * @default false
   */
  readonly tagOptIn?: boolean;
  /**
   * Tag key naming a group's application.
   * @default 'fleetlog:application'
   */
  readonly tagKeyApplication?: string;
  /**
   * Tag key naming a group's contact.
   * @default 'fleetlog:contact'
   */
  readonly tagKeyContact?: string;
  /**
   * Minutes a terminated instance's address keeps its application (for its late logs).
   * @default 15
   */
  readonly gracePeriodMinutes?: number;
  /**
   * Which addresses of an instance go into the reference map.
   * @default ['private-ipv4']
   */
  readonly addressKinds?: readonly AddressKind[];
  /**
   * E-mail address subscribed to the alarm topic.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Deploy the demo fleet (VPC, Apache web tier with the Kinesis Agent, caller group).
   * @default false
   */
  readonly demoFleet?: boolean;
  /**
   * Retention of the Lambda log groups, in days.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Powertools log level of the Lambdas.
   * @default 'INFO'
   */
  readonly logLevel?: LogLevel;
  /**
   * Heartbeat timeout of the lifecycle hooks, in seconds (the hook continues after it).
   * @default 120
   */
  readonly hookHeartbeatSeconds?: number;
  /**
   * Concurrent executions reserved for (and capping) lifecycle-sync, a positive integer. A
   * scale-out of many instances then runs a few reconciles at a time, so their Describe* calls
   * stay far below the account's Auto Scaling/EC2 API rates shared with other teams. Lambda
   * refuses a reservation that leaves the account fewer than 100 unreserved executions, so this
   * is opt-in (infra/README.md gives the arithmetic). Without it, conditional writes on the map
   * serialise concurrent runs (each re-reads and retries on a conflict).
   * @default - no reservation: the function draws on the account's unreserved concurrency
   */
  readonly lifecycleSyncConcurrency?: number;
  /**
   * Concurrent executions reserved for (and capping) the notifier, a positive integer. Opt-in
   * for the same reason as `lifecycleSyncConcurrency`.
   * @default - no reservation
   */
  readonly notifierConcurrency?: number;
  /**
   * Other AWS accounts (12-digit ids) whose fleets may put records into the input stream: a
   * stream resource policy and a key-policy grant for PutRecord/PutRecords only
   * (ARCHITECTURE.md section 6d).
   * @default [] (only principals of this account, through the ShipperPolicy)
   */
  readonly producerAccounts?: readonly string[];
  /**
   * E-mail address subscribed to the operations topic (CloudWatch's own message for every alarm
   * state change: pipeline health and the raw flood alarms).
   * @default - no subscription
   */
  readonly operationsEmail?: string;
  /**
   * Format of the web servers' access-log lines: a preset (`combined`, `common`,
   * `vhost_combined`, `combined_xff`), an Apache `LogFormat` or an nginx `log_format` string.
   * Given to the aggregator (`LOG_FORMAT`) and to the rendered shipper configuration.
   * @default 'combined'
   */
  readonly logFormat?: string;
  /**
   * CIDR blocks of the balancers/proxies in front of the web servers (e.g. the VPC range of an
   * ALB): the client is then the right-most X-Forwarded-For address outside them. Needs a
   * `logFormat` with an X-Forwarded-For field. Given to the aggregator (`TRUSTED_PROXIES`).
   * @default [] (the client is `%h`)
   */
  readonly trustedProxies?: readonly string[];
  /**
   * Log shipper whose configuration the stack renders (output `ShipperConfiguration`):
   * `kinesis-agent` (Amazon Linux 2/RHEL) or `fluent-bit` (its `kinesis_streams` output).
   * @default 'kinesis-agent'
   */
  readonly shipper?: Shipper;
  /**
   * Days after which archived lines (ARCHITECTURE.md section 6e) and Firehose's error output are
   * deleted, a whole number >= 1.
   * @default 90
   */
  readonly archiveExpirationDays?: number;
  /**
   * Days after which archived lines move to S3 Standard-IA (S3 allows no earlier than 30), below
   * `archiveExpirationDays`; 0 keeps them in Standard.
   * @default 30
   */
  readonly archiveTransitionDays?: number;
  /**
   * Bytes one Athena query of the archive workgroup may scan before it is cancelled (Athena's
   * minimum is 10 MB).
   * @default 1073741824 (1 GiB, half a cent at $5 per TB)
   */
  readonly archiveBytesScannedCutoff?: number;
}

/** Settings whose default is "not set". */
type OptionalSetting =
  'alarmEmail' | 'operationsEmail' | 'lifecycleSyncConcurrency' | 'notifierConcurrency';

/** FleetLogConfig with every default applied. */
export type ResolvedConfig = Required<Omit<FleetLogConfig, OptionalSetting>> & {
  readonly [K in OptionalSetting]: FleetLogConfig[K] | undefined;
};

/** Resolves defaults and rejects values that would deploy something broken, with a clear message. */
export function resolveConfig(config: FleetLogConfig = {}): ResolvedConfig {
  const resolved: ResolvedConfig = {
    namespace: config.namespace ?? DEFAULT_NAMESPACE,
    unknownSourceThreshold: config.unknownSourceThreshold ?? DEFAULT_UNKNOWN_SOURCE_THRESHOLD,
    applicationThreshold: config.applicationThreshold ?? DEFAULT_APPLICATION_THRESHOLD,
    windowSeconds: config.windowSeconds ?? TUMBLING_WINDOW_SECONDS,
    dashboardHours: config.dashboardHours ?? 1,
    streamMode: config.streamMode ?? 'ON_DEMAND',
    shardCount: config.shardCount ?? 1,
    watchedGroups: config.watchedGroups ?? [],
    tagOptIn: config.tagOptIn ?? false,
    tagKeyApplication: config.tagKeyApplication ?? DEFAULT_TAG_KEYS.application,
    tagKeyContact: config.tagKeyContact ?? DEFAULT_TAG_KEYS.contact,
    gracePeriodMinutes: config.gracePeriodMinutes ?? DEFAULT_GRACE_PERIOD_MINUTES,
    addressKinds: config.addressKinds ?? DEFAULT_ADDRESS_KINDS,
    alarmEmail: config.alarmEmail,
    operationsEmail: config.operationsEmail,
    demoFleet: config.demoFleet ?? false,
    logRetentionDays: config.logRetentionDays ?? 30,
    logLevel: config.logLevel ?? 'INFO',
    hookHeartbeatSeconds: config.hookHeartbeatSeconds ?? 120,
    lifecycleSyncConcurrency: config.lifecycleSyncConcurrency,
    notifierConcurrency: config.notifierConcurrency,
    producerAccounts: config.producerAccounts ?? [],
    logFormat: config.logFormat ?? DEFAULT_LOG_FORMAT,
    trustedProxies: config.trustedProxies ?? [],
    shipper: config.shipper ?? 'kinesis-agent',
    archiveExpirationDays: config.archiveExpirationDays ?? ARCHIVE_SETTINGS.expirationDays,
    archiveTransitionDays: config.archiveTransitionDays ?? ARCHIVE_SETTINGS.transitionDays,
    archiveBytesScannedCutoff:
      config.archiveBytesScannedCutoff ?? ARCHIVE_SETTINGS.bytesScannedCutoffPerQuery,
  };
  validateConfig(resolved);
  return resolved;
}
