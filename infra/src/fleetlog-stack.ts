import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AGGREGATOR_ENVIRONMENT,
  DEFAULT_REFERENCE_REFRESH_SECONDS,
  LIFECYCLE_SYNC_ENVIRONMENT,
  PIPELINE_FUNCTIONS,
  PUBLISHER_ENVIRONMENT,
  PUBLISHER_LEDGER_ENVIRONMENT,
  REFERENCE_KEYS,
  writeEnvironment,
} from '@fleetlog/pipeline-config';
import type { Construct } from 'constructs';
import { Archive } from './archive';
import { resolveConfig, type FleetLogConfig, type LogLevel, type ResolvedConfig } from './config';
import { AlarmNotifier } from './constructs/alarm-notifier';
import { PipelineAlarms } from './constructs/alarms';
import {
  asyncPipelineFunction,
  type AsyncPipelineFunction,
} from './constructs/async-pipeline-function';
import { PipelineDashboard } from './constructs/dashboard';
import { DemoFleet } from './constructs/demo-fleet';
import { KinesisStreamConsumer } from './constructs/kinesis-stream-consumer';
import { ExistingGroupHooks } from './constructs/lifecycle-hooks';
import { LifecycleTriggers } from './constructs/lifecycle-triggers';
import { sizedFrom, type PipelineFunction } from './constructs/pipeline-function';
import { PipelineStreams } from './constructs/pipeline-streams';
import { PublishLedgerTable } from './constructs/publish-ledger-table';
import { ReferenceStore } from './constructs/reference-store';
import { ShipperAccess } from './constructs/shipper-access';
import { grantCompleteLifecycleActions, grantDescribeFleet } from './grants/lifecycle-actions';
import { grantPutMetricData } from './grants/put-metric-data';
import { findRepoRoot } from './repo-root';
import { addStackOutputs } from './stack-outputs';

export interface FleetLogStackProps extends StackProps {
  /** Operator configuration; see FleetLogConfig for every default. */
  readonly config?: FleetLogConfig;
  /**
   * Monorepo root holding `apps/*` and `tsconfig.base.json`.
   * @default - the nearest ancestor of this file with nx.json and package-lock.json
   */
  readonly repoRoot?: string;
}

/** What every fleetlog function shares: where it is bundled from and how it logs. */
interface FunctionBase {
  readonly repoRoot: string;
  readonly logLevel: LogLevel;
  readonly logRetentionDays: number;
}

/** The alarm whose state changes the notifier turns into messages, besides ApplicationFlood. */
const NOTIFIED_METRIC_ALARM = 'UnknownSourceRequests';

/**
 * The whole fleetlog pipeline (ARCHITECTURE.md section 1) in one stack. The constructor lists the
 * parts in dependency order; each private method below builds one of them.
 */
export class FleetLogStack extends Stack {
  readonly config: ResolvedConfig;
  readonly streams: PipelineStreams;
  /** The shippers' managed policy and, with `producerAccounts`, the cross-account grants. */
  readonly shippers: ShipperAccess;
  readonly reference: ReferenceStore;
  readonly alarms: PipelineAlarms;
  /** Every line, archived, and the Athena table and workgroup over it (ARCHITECTURE.md section 6e). */
  readonly archive: Archive;
  readonly aggregator: KinesisStreamConsumer;
  readonly publisher: KinesisStreamConsumer;
  /** The publisher's ledger of published aggregates (DynamoDB, ARCHITECTURE.md section 6c). */
  readonly publishLedger: PublishLedgerTable;
  readonly lifecycleSync: PipelineFunction;
  readonly triggers: LifecycleTriggers;
  readonly demoFleet: DemoFleet | undefined;
  readonly notifier: AlarmNotifier;
  readonly dashboard: PipelineDashboard;
  /** Names of every group with fleetlog hooks (demo callers and configured existing groups). */
  readonly watchedGroupNames: readonly string[];
  private readonly functionBase: FunctionBase;
  /**
   * Physical name of the demo caller group, so that lifecycle-sync's environment and policy can
   * name it without a reference cycle (the group waits for lifecycle-sync before it launches).
   */
  private readonly demoCallersName: string | undefined;

  constructor(scope: Construct, id: string, props: FleetLogStackProps = {}) {
    super(scope, id, props);
    const c = (this.config = resolveConfig(props.config));
    this.functionBase = {
      repoRoot: props.repoRoot ?? findRepoRoot(),
      logLevel: c.logLevel,
      logRetentionDays: c.logRetentionDays,
    };
    this.demoCallersName = c.demoFleet ? `${this.stackName}-demo-callers` : undefined;
    this.watchedGroupNames = [
      ...(this.demoCallersName ? [this.demoCallersName] : []),
      ...c.watchedGroups.map((g) => g.groupName),
    ];

    this.streams = new PipelineStreams(this, 'Streams', {
      streamMode: c.streamMode,
      shardCount: c.shardCount,
    });
    this.shippers = new ShipperAccess(this, 'Shippers', {
      stream: this.streams.input,
      key: this.streams.key,
      producerAccounts: c.producerAccounts,
    });
    this.reference = new ReferenceStore(this, 'Reference');
    // Before any function: each one builds its health alarms into this.
    this.alarms = new PipelineAlarms(this, 'Alarms', {
      namespace: c.namespace,
      unknownSourceThreshold: c.unknownSourceThreshold,
      alarmEmail: c.alarmEmail,
      operationsEmail: c.operationsEmail,
      inputStream: this.streams.input,
    });
    this.aggregator = this.addAggregator();
    this.archive = new Archive(this, 'Archive', {
      ...this.functionBase,
      inputStream: this.streams.input,
      reference: this.reference,
      logFormat: c.logFormat,
      trustedProxies: c.trustedProxies,
      expirationDays: c.archiveExpirationDays,
      transitionDays: c.archiveTransitionDays,
      bytesScannedCutoffPerQuery: c.archiveBytesScannedCutoff,
      alarmSink: this.alarms,
    });
    this.publishLedger = new PublishLedgerTable(this, 'PublishLedger');
    this.publisher = this.addPublisher();
    const lifecycle = this.addLifecycleSync();
    this.lifecycleSync = lifecycle.fn;
    this.triggers = this.addLifecycleTriggers(lifecycle);
    this.demoFleet = this.addDemoFleet();
    this.notifier = this.addNotifications();
    this.dashboard = new PipelineDashboard(this, 'Dashboard', {
      namespace: c.namespace,
      range: Duration.hours(c.dashboardHours),
      functions: [
        this.aggregator.monitored,
        this.publisher.monitored,
        lifecycle.monitored,
        this.notifier.monitored,
      ],
    });
    addStackOutputs(this);
  }

  /** log-aggregator: input stream → tumbling window → output stream. */
  private addAggregator(): KinesisStreamConsumer {
    const settings = PIPELINE_FUNCTIONS.aggregator;
    const consumer = new KinesisStreamConsumer(this, settings.name, {
      ...this.functionBase,
      ...sizedFrom(settings),
      environment: writeEnvironment(AGGREGATOR_ENVIRONMENT, {
        referenceBucket: this.reference.bucket.bucketName,
        referenceKey: REFERENCE_KEYS.map,
        refreshSeconds: DEFAULT_REFERENCE_REFRESH_SECONDS,
        outputStreamName: this.streams.output.streamName,
        logFormat: this.config.logFormat,
        trustedProxies: [...this.config.trustedProxies],
      }),
      stream: this.streams.input,
      batchSize: settings.batchSize,
      tumblingWindow: Duration.seconds(this.config.windowSeconds),
      parallelizationFactor: settings.parallelizationFactor,
      failureQueueId: settings.failureQueueName,
      alarmSink: this.alarms,
    });
    this.reference.grantReadMap(consumer.role);
    this.streams.grantWriteOutput(consumer.role);
    return consumer;
  }

  /**
   * metrics-publisher: output stream → CloudWatch custom metrics and the recent top hosts, each
   * record claimed in the publish ledger first.
   */
  private addPublisher(): KinesisStreamConsumer {
    const settings = PIPELINE_FUNCTIONS.publisher;
    const consumer = new KinesisStreamConsumer(this, settings.name, {
      ...this.functionBase,
      ...sizedFrom(settings),
      environment: {
        ...writeEnvironment(PUBLISHER_ENVIRONMENT, {
          namespace: this.config.namespace,
          referenceBucket: this.reference.bucket.bucketName,
        }),
        ...writeEnvironment(PUBLISHER_LEDGER_ENVIRONMENT, {
          ledgerTable: this.publishLedger.table.tableName,
        }),
      },
      stream: this.streams.output,
      batchSize: settings.batchSize,
      failureQueueId: settings.failureQueueName,
      alarmSink: this.alarms,
    });
    grantPutMetricData(consumer.role, this.config.namespace);
    this.reference.grantReadWriteRecentTopHosts(consumer.role);
    this.publishLedger.grantLedgerAccess(consumer.role);
    return consumer;
  }

  /**
   * lifecycle-sync: fleet events → reference/HostApplicationMap.csv. Its failure queue is also
   * the rule targets' DLQ: whatever is lost on the way or in the function lands there. No
   * reserved concurrency unless `lifecycleSyncConcurrency` is set (a reservation must leave the
   * account 100 unreserved executions): concurrent runs are serialised by conditional writes on
   * the map and its state (`IfMatch` the ETag read, else `IfNoneMatch: *`; on 412/409 re-read,
   * re-render, retry; libs/lifecycle-sync store.ts and sync.ts).
   */
  private addLifecycleSync(): AsyncPipelineFunction {
    const c = this.config;
    const settings = PIPELINE_FUNCTIONS.lifecycleSync;
    const lifecycle = asyncPipelineFunction(this, settings.name, {
      ...this.functionBase,
      ...sizedFrom(settings),
      reservedConcurrency: c.lifecycleSyncConcurrency,
      failureQueueId: settings.failureQueueName,
      maxEventAge: Duration.seconds(settings.maxEventAgeSeconds),
      alarmSink: this.alarms,
      environment: writeEnvironment(LIFECYCLE_SYNC_ENVIRONMENT, {
        bucket: this.reference.bucket.bucketName,
        gracePeriodMinutes: c.gracePeriodMinutes,
        tagKeyApplication: c.tagKeyApplication,
        tagKeyContact: c.tagKeyContact,
        addressKinds: [...c.addressKinds],
        watchedGroups: [...this.watchedGroupNames],
        tagOptIn: c.tagOptIn,
        metricsNamespace: c.namespace,
      }),
    });
    const role = lifecycle.fn.role;
    this.reference.grantLifecycleSync(role);
    grantDescribeFleet(role);
    grantPutMetricData(role, c.namespace);
    grantCompleteLifecycleActions(role, {
      groupNames: this.watchedGroupNames,
      tagOptIn: c.tagOptIn,
      tagKeyApplication: c.tagKeyApplication,
    });
    return lifecycle;
  }

  /** The rules that invoke lifecycle-sync, and the hooks on the configured existing groups. */
  private addLifecycleTriggers(lifecycle: AsyncPipelineFunction): LifecycleTriggers {
    const c = this.config;
    const triggers = new LifecycleTriggers(this, 'LifecycleTriggers', {
      fn: lifecycle.fn.fn,
      bucket: this.reference.bucket,
      staticHostsKey: REFERENCE_KEYS.staticHosts,
      groupNames: c.tagOptIn ? undefined : this.watchedGroupNames,
      followLaunches: c.tagOptIn,
      deadLetterQueue: lifecycle.failures,
    });
    new ExistingGroupHooks(this, 'WatchedGroupHooks', {
      groups: c.watchedGroups,
      heartbeatSeconds: c.hookHeartbeatSeconds,
    });
    return triggers;
  }

  /** The demo web tier and callers, when configured. */
  private addDemoFleet(): DemoFleet | undefined {
    const c = this.config;
    if (!this.demoCallersName) return undefined;
    const demoFleet = new DemoFleet(this, 'DemoFleet', {
      inputStream: this.streams.input,
      shipperPolicy: this.shippers.policy,
      region: this.region,
      callerGroupName: this.demoCallersName,
      tagKeyApplication: c.tagKeyApplication,
      tagKeyContact: c.tagKeyContact,
      hookHeartbeatSeconds: c.hookHeartbeatSeconds,
      logRetentionDays: c.logRetentionDays,
    });
    // Hooks of the first instances must find lifecycle-sync and its rule already in place.
    demoFleet.callers.node.addDependency(this.triggers, this.lifecycleSync);
    return demoFleet;
  }

  /** notifier: alarm state changes → one SNS message per application, with who to call. */
  private addNotifications(): AlarmNotifier {
    const c = this.config;
    return new AlarmNotifier(this, 'Notifications', {
      ...this.functionBase,
      namespace: c.namespace,
      reference: this.reference,
      applicationThreshold: c.applicationThreshold,
      unknownSourceThreshold: c.unknownSourceThreshold,
      reservedConcurrency: c.notifierConcurrency,
      alarms: this.alarms,
      notifiedAlarms: [this.alarms.alarmById(NOTIFIED_METRIC_ALARM)],
    });
  }
}
