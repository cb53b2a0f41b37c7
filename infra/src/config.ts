import { DEFAULT_LOG_FORMAT, compileLogFormat } from '@fleetlog/log-schema';
import {
  ADDRESS_KINDS,
  DEFAULT_ADDRESS_KINDS,
  SHIPPERS,
  type AddressKind,
  type Shipper,
  DEFAULT_GRACE_PERIOD_MINUTES,
  DEFAULT_NAMESPACE,
  DEFAULT_TAG_KEYS,
  DEFAULT_UNKNOWN_SOURCE_THRESHOLD,
  DEFAULT_APPLICATION_THRESHOLD,
  TUMBLING_WINDOW_SECONDS,
} from '@fleetlog/pipeline-config';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

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

const RETENTION_DAYS: readonly number[] = Object.values(RetentionDays).filter(
  (v): v is number => typeof v === 'number',
);
const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

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
   * Concurrent executions reserved for (and capping) lifecycle-sync (1..20). A scale-out of many
   * instances then runs a few reconciles at a time instead of one per event, so their Describe*
   * calls cannot exhaust the account's Auto Scaling/EC2 API rate shared with other teams; the
   * rest wait in Lambda's async queue. Conditional writes keep the map right at any value.
   * @default 2
   */
  readonly lifecycleSyncConcurrency?: number;
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
}

/** FleetLogConfig with every default applied. */
export type ResolvedConfig = Required<Omit<FleetLogConfig, 'alarmEmail'>> & {
  readonly alarmEmail: string | undefined;
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
    demoFleet: config.demoFleet ?? false,
    logRetentionDays: config.logRetentionDays ?? 30,
    logLevel: config.logLevel ?? 'INFO',
    hookHeartbeatSeconds: config.hookHeartbeatSeconds ?? 120,
    lifecycleSyncConcurrency: config.lifecycleSyncConcurrency ?? 2,
    logFormat: config.logFormat ?? DEFAULT_LOG_FORMAT,
    trustedProxies: config.trustedProxies ?? [],
    shipper: config.shipper ?? 'kinesis-agent',
  };
  validate(resolved);
  return resolved;
}

function validate(c: ResolvedConfig): void {
  const errors: string[] = [];
  if (!/^[^:][\x20-\x7e]{0,254}$/.test(c.namespace) || c.namespace.startsWith('AWS/')) {
    errors.push(`namespace "${c.namespace}" is not a valid custom CloudWatch namespace`);
  }
  if (!Number.isFinite(c.unknownSourceThreshold) || c.unknownSourceThreshold < 0) {
    errors.push(`unknownSourceThreshold must be a number >= 0, got ${c.unknownSourceThreshold}`);
  }
  if (!Number.isFinite(c.applicationThreshold) || c.applicationThreshold < 0) {
    errors.push(`applicationThreshold must be a number >= 0, got ${c.applicationThreshold}`);
  }
  if (!Number.isInteger(c.windowSeconds) || c.windowSeconds < 1 || c.windowSeconds > 900) {
    errors.push(`windowSeconds must be an integer in 1..900, got ${c.windowSeconds}`);
  }
  if (
    !Number.isInteger(c.dashboardHours) ||
    c.dashboardHours < 1 ||
    c.dashboardHours > 24 * 7 * 15
  ) {
    errors.push(`dashboardHours must be an integer in 1..2520 (15 weeks), got ${c.dashboardHours}`);
  }
  if (c.streamMode !== 'ON_DEMAND' && c.streamMode !== 'PROVISIONED') {
    errors.push(`streamMode must be ON_DEMAND or PROVISIONED, got "${String(c.streamMode)}"`);
  }
  if (!Number.isInteger(c.shardCount) || c.shardCount < 1) {
    errors.push(`shardCount must be an integer >= 1, got ${c.shardCount}`);
  }
  if (!Number.isInteger(c.gracePeriodMinutes) || c.gracePeriodMinutes < 0) {
    errors.push(`gracePeriodMinutes must be an integer >= 0, got ${c.gracePeriodMinutes}`);
  }
  if (c.addressKinds.length === 0) errors.push('addressKinds must name at least one kind');
  for (const kind of c.addressKinds) {
    if (!ADDRESS_KINDS.includes(kind)) {
      errors.push(`addressKinds: unknown kind "${kind}" (expected ${ADDRESS_KINDS.join(', ')})`);
    }
  }
  if (!LOG_LEVELS.includes(c.logLevel)) {
    errors.push(`logLevel must be one of ${LOG_LEVELS.join(', ')}, got "${c.logLevel}"`);
  }
  if (
    !RETENTION_DAYS.includes(c.logRetentionDays) ||
    c.logRetentionDays === RetentionDays.INFINITE
  ) {
    errors.push(
      `logRetentionDays must be a CloudWatch Logs retention (${RETENTION_DAYS.filter((d) => d > 0).join(', ')}), got ${c.logRetentionDays}`,
    );
  }
  if (
    !Number.isInteger(c.hookHeartbeatSeconds) ||
    c.hookHeartbeatSeconds < 30 ||
    c.hookHeartbeatSeconds > 7200
  ) {
    errors.push(
      `hookHeartbeatSeconds must be an integer in 30..7200, got ${c.hookHeartbeatSeconds}`,
    );
  }
  if (
    !Number.isInteger(c.lifecycleSyncConcurrency) ||
    c.lifecycleSyncConcurrency < 1 ||
    c.lifecycleSyncConcurrency > 20
  ) {
    errors.push(
      `lifecycleSyncConcurrency must be an integer in 1..20, got ${c.lifecycleSyncConcurrency}`,
    );
  }
  if (c.alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+$/.test(c.alarmEmail)) {
    errors.push(`alarmEmail "${c.alarmEmail}" is not an e-mail address`);
  }
  try {
    // The aggregator compiles the same setting at init: refuse here what it would refuse there.
    compileLogFormat(c.logFormat, { trustedProxies: c.trustedProxies });
  } catch (error) {
    errors.push(`logFormat/trustedProxies: ${(error as Error).message}`);
  }
  if (!SHIPPERS.includes(c.shipper)) {
    errors.push(`shipper must be one of ${SHIPPERS.join(', ')}, got "${String(c.shipper)}"`);
  }
  const seen = new Set<string>();
  c.watchedGroups.forEach((g, i) => {
    for (const field of ['groupName', 'applicationName', 'contact'] as const) {
      if (typeof g[field] !== 'string' || g[field].trim() === '') {
        errors.push(`watchedGroups[${i}].${field} must be a non-empty string`);
      }
    }
    if (typeof g.groupName === 'string' && g.groupName.includes(',')) {
      errors.push(`watchedGroups[${i}].groupName must not contain a comma`);
    }
    if (seen.has(g.groupName)) errors.push(`watchedGroups: "${g.groupName}" is listed twice`);
    seen.add(g.groupName);
  });
  if (errors.length > 0) {
    throw new Error(`Invalid fleetlog configuration:\n  - ${errors.join('\n  - ')}`);
  }
}
