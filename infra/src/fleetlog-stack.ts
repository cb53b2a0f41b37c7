import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  AGGREGATOR_ENVIRONMENT,
  DEFAULT_REFERENCE_REFRESH_SECONDS,
  LIFECYCLE_SYNC_ENVIRONMENT,
  PUBLISHER_ENVIRONMENT,
  REFERENCE_KEYS,
  renderShipperConfig,
  writeEnvironment,
} from '@fleetlog/pipeline-config';
import type { Construct } from 'constructs';
import { resolveConfig, type FleetLogConfig, type ResolvedConfig } from './config';
import { AlarmNotifier } from './constructs/alarm-notifier';
import { PipelineAlarms, type NamedFunction } from './constructs/alarms';
import { PipelineDashboard } from './constructs/dashboard';
import { asyncPipelineFunction } from './constructs/async-pipeline-function';
import { deadLetterQueue } from './constructs/dead-letter-queue';
import { DemoFleet } from './constructs/demo-fleet';
import { ExistingGroupHooks } from './constructs/lifecycle-hooks';
import { LifecycleTriggers } from './constructs/lifecycle-triggers';
import { PipelineFunction } from './constructs/pipeline-function';
import { PipelineStreams } from './constructs/pipeline-streams';
import { ReferenceStore } from './constructs/reference-store';
import { grantCompleteLifecycleActions, grantDescribeFleet } from './grants/lifecycle-actions';
import { grantPutMetricData } from './grants/put-metric-data';
import { findRepoRoot } from './repo-root';

export interface FleetLogStackProps extends StackProps {
  /** Operator configuration; see FleetLogConfig for every default. */
  readonly config?: FleetLogConfig;
  /**
   * Monorepo root holding `apps/*` and `tsconfig.base.json`.
   * @default - the nearest ancestor of this file with nx.json and package-lock.json
   */
  readonly repoRoot?: string;
}

/** Retry budget of both stream consumers before a batch goes to its on-failure queue. */
const CONSUMER_RETRY_ATTEMPTS = 10;
const CONSUMER_MAX_RECORD_AGE = Duration.hours(6);

/** The whole fleetlog pipeline (ARCHITECTURE section 1) in one stack. */
export class FleetLogStack extends Stack {
  readonly config: ResolvedConfig;
  readonly streams: PipelineStreams;
  readonly reference: ReferenceStore;
  readonly aggregator: PipelineFunction;
  readonly publisher: PipelineFunction;
  readonly lifecycleSync: PipelineFunction;
  readonly notifier: AlarmNotifier;
  readonly triggers: LifecycleTriggers;
  readonly alarms: PipelineAlarms;
  readonly dashboard: PipelineDashboard;
  readonly demoFleet: DemoFleet | undefined;
  /** Names of every group with fleetlog hooks (demo callers and configured existing groups). */
  readonly watchedGroupNames: readonly string[];

  constructor(scope: Construct, id: string, props: FleetLogStackProps = {}) {
    super(scope, id, props);
    const c = (this.config = resolveConfig(props.config));
    const repoRoot = props.repoRoot ?? findRepoRoot();
    const common = { repoRoot, logLevel: c.logLevel, logRetentionDays: c.logRetentionDays };

    this.streams = new PipelineStreams(this, 'Streams', {
      streamMode: c.streamMode,
      shardCount: c.shardCount,
    });
    this.reference = new ReferenceStore(this, 'Reference');
    const bucket = this.reference.bucket;

    // Physical name, so the hooks' group can be named in lifecycle-sync's environment and policy
    // without a reference cycle (the group waits for lifecycle-sync before it launches anything).
    const demoCallersName = c.demoFleet ? `${this.stackName}-demo-callers` : undefined;
    this.watchedGroupNames = [
      ...(demoCallersName ? [demoCallersName] : []),
      ...c.watchedGroups.map((g) => g.groupName),
    ];

    // log-aggregator: input stream -> 300 s tumbling window -> output stream.
    this.aggregator = new PipelineFunction(this, 'LogAggregator', {
      ...common,
      app: 'apps/log-aggregator',
      serviceName: 'log-aggregator',
      memorySize: 512,
      timeout: Duration.minutes(1),
      environment: writeEnvironment(AGGREGATOR_ENVIRONMENT, {
        referenceBucket: bucket.bucketName,
        referenceKey: REFERENCE_KEYS.map,
        refreshSeconds: DEFAULT_REFERENCE_REFRESH_SECONDS,
        outputStreamName: this.streams.output.streamName,
        logFormat: c.logFormat,
        trustedProxies: [...c.trustedProxies],
      }),
    });
    this.reference.grantReadMap(this.aggregator.role);
    this.aggregator.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kinesis:PutRecords'],
        resources: [this.streams.output.streamArn],
      }),
    );
    // Writing to a KMS-encrypted stream needs a data key; reading is granted by the event source.
    this.aggregator.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey'],
        resources: [this.streams.key.keyArn],
      }),
    );
    const aggregatorFailures = deadLetterQueue(this, 'AggregatorFailures');
    this.aggregator.fn.addEventSource(
      new KinesisEventSource(this.streams.input, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 1000,
        tumblingWindow: Duration.seconds(c.windowSeconds),
        // Window state is per shard and per invocation chain: exactly one chain per shard.
        parallelizationFactor: 1,
        ...this.failureHandling(aggregatorFailures),
      }),
    );

    // metrics-publisher: output stream -> CloudWatch custom metrics.
    this.publisher = new PipelineFunction(this, 'MetricsPublisher', {
      ...common,
      app: 'apps/metrics-publisher',
      serviceName: 'metrics-publisher',
      memorySize: 192,
      timeout: Duration.seconds(10),
      environment: writeEnvironment(PUBLISHER_ENVIRONMENT, {
        namespace: c.namespace,
        referenceBucket: bucket.bucketName,
      }),
    });
    grantPutMetricData(this.publisher.role, c.namespace);
    this.reference.grantReadWriteRecentTopHosts(this.publisher.role);
    const publisherFailures = deadLetterQueue(this, 'PublisherFailures');
    this.publisher.fn.addEventSource(
      new KinesisEventSource(this.streams.output, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 200,
        ...this.failureHandling(publisherFailures),
      }),
    );

    // lifecycle-sync: fleet events -> reference/HostApplicationMap.csv. Its failure queue is
    // also the rule targets' DLQ: whatever is lost on the way or in the function lands there.
    const lifecycle = asyncPipelineFunction(this, 'LifecycleSync', {
      ...common,
      reservedConcurrency: c.lifecycleSyncConcurrency,
      failureQueueId: 'LifecycleEventsDlq',
      app: 'apps/lifecycle-sync',
      serviceName: 'lifecycle-sync',
      memorySize: 256,
      timeout: Duration.minutes(1),
      environment: writeEnvironment(LIFECYCLE_SYNC_ENVIRONMENT, {
        bucket: bucket.bucketName,
        gracePeriodMinutes: c.gracePeriodMinutes,
        tagKeyApplication: c.tagKeyApplication,
        tagKeyContact: c.tagKeyContact,
        addressKinds: [...c.addressKinds],
        watchedGroups: [...this.watchedGroupNames],
        tagOptIn: c.tagOptIn,
        metricsNamespace: c.namespace,
      }),
    });
    this.lifecycleSync = lifecycle.fn;
    this.reference.grantLifecycleSync(this.lifecycleSync.role);
    grantDescribeFleet(this.lifecycleSync.role);
    grantPutMetricData(this.lifecycleSync.role, c.namespace);
    grantCompleteLifecycleActions(this.lifecycleSync.role, {
      groupNames: this.watchedGroupNames,
      tagOptIn: c.tagOptIn,
      tagKeyApplication: c.tagKeyApplication,
    });
    const lifecycleDlq = lifecycle.failures;
    this.triggers = new LifecycleTriggers(this, 'LifecycleTriggers', {
      fn: this.lifecycleSync.fn,
      bucket,
      staticHostsKey: REFERENCE_KEYS.staticHosts,
      groupNames: c.tagOptIn ? undefined : this.watchedGroupNames,
      followLaunches: c.tagOptIn,
      deadLetterQueue: lifecycleDlq,
    });
    new ExistingGroupHooks(this, 'WatchedGroupHooks', {
      groups: c.watchedGroups,
      heartbeatSeconds: c.hookHeartbeatSeconds,
    });

    if (c.demoFleet && demoCallersName) {
      this.demoFleet = new DemoFleet(this, 'DemoFleet', {
        inputStream: this.streams.input,
        streamKey: this.streams.key,
        region: this.region,
        callerGroupName: demoCallersName,
        tagKeyApplication: c.tagKeyApplication,
        tagKeyContact: c.tagKeyContact,
        hookHeartbeatSeconds: c.hookHeartbeatSeconds,
        logRetentionDays: c.logRetentionDays,
      });
      // Hooks of the first instances must find lifecycle-sync and its rule already in place.
      this.demoFleet.callers.node.addDependency(this.triggers, this.lifecycleSync);
    }

    // notifier: alarm state changes -> one SNS message per application, with who to call.
    this.notifier = new AlarmNotifier(this, 'Notifications', {
      ...common,
      namespace: c.namespace,
      bucket,
      applicationThreshold: c.applicationThreshold,
      unknownSourceThreshold: c.unknownSourceThreshold,
    });
    this.reference.grantReadMapAndRecentTopHosts(this.notifier.notifier.role);

    // Stream consumers deliver failed batches to their queues (hasFailureDestination).
    const functions: NamedFunction[] = [
      { name: 'LogAggregator', fn: this.aggregator.fn, hasFailureDestination: true },
      { name: 'MetricsPublisher', fn: this.publisher.fn, hasFailureDestination: true },
      lifecycle.alarmFunction,
      this.notifier.alarmFunction,
    ];
    const consumers = functions.slice(0, 2);
    const queues = [
      { name: 'AggregatorFailures', queue: aggregatorFailures },
      { name: 'PublisherFailures', queue: publisherFailures },
      lifecycle.alarmQueue,
      this.notifier.alarmQueue,
    ];
    this.alarms = new PipelineAlarms(this, 'Alarms', {
      namespace: c.namespace,
      unknownSourceThreshold: c.unknownSourceThreshold,
      alarmEmail: c.alarmEmail,
      functions,
      consumers,
      queues,
      inputStream: this.streams.input,
    });
    this.notifier.connect(
      this.alarms.topic,
      this.alarms.alarms.filter((a) => a.node.id === 'UnknownSourceRequests'),
    );
    this.dashboard = new PipelineDashboard(this, 'Dashboard', {
      namespace: c.namespace,
      range: Duration.hours(c.dashboardHours),
      functions,
      consumers,
      queues,
    });

    new CfnOutput(this, 'InputStreamName', { value: this.streams.input.streamName });
    new CfnOutput(this, 'OutputStreamName', { value: this.streams.output.streamName });
    new CfnOutput(this, 'ReferenceBucketName', { value: bucket.bucketName });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${this.dashboard.dashboard.dashboardName}`,
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    // The shipper configuration for the chosen format, for web servers outside the demo fleet.
    new CfnOutput(this, 'ShipperConfiguration', {
      description: `${c.shipper} configuration for logFormat ${c.logFormat}`.slice(0, 1024),
      value: renderShipperConfig(c.shipper, {
        streamName: this.streams.input.streamName,
        region: this.region,
        urlSuffix: this.urlSuffix,
        logFormat: c.logFormat,
      }),
    });
  }

  private failureHandling(queue: sqs.IQueue) {
    return {
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: CONSUMER_RETRY_ATTEMPTS,
      maxRecordAge: CONSUMER_MAX_RECORD_AGE,
      onFailure: new SqsDlq(queue),
    };
  }
}
