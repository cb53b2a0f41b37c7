import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  applicationFloodAlarm,
  NOTIFIER_DRILL_DOWN_ENVIRONMENT,
  NOTIFIER_ENVIRONMENT,
  PIPELINE_FUNCTIONS,
  RECENT_TOP_HOSTS_KEY,
  REFERENCE_KEYS,
  writeEnvironment,
  type ApplicationFloodDefinition,
} from '@fleetlog/pipeline-config';
import { Construct } from 'constructs';
import type { LogLevel } from '../config';
import type { PipelineAlarms } from './alarms';
import { asyncPipelineFunction } from './async-pipeline-function';
import type { MonitoredFunction } from './monitored-function';
import { sizedFrom, type PipelineFunction } from './pipeline-function';
import type { ReferenceStore } from './reference-store';

/**
 * EventBridge detail types of alarm state changes. A Metrics Insights alarm with GROUP BY sends
 * one "Contributor State Change" per application; its "Alarm State Change" only summarises
 * (CloudWatch User Guide, "Alarm events and EventBridge").
 */
export const ALARM_EVENT_DETAIL_TYPES = [
  'CloudWatch Alarm State Change',
  'CloudWatch Alarm Contributor State Change',
] as const;

/** Async invocations retried by Lambda before the on-failure destination. */
const NOTIFIER_RETRY_ATTEMPTS = 2;

export interface AlarmNotifierProps {
  readonly repoRoot: string;
  readonly logLevel: LogLevel;
  readonly logRetentionDays: number;
  readonly namespace: string;
  /** Holds the map (who to call) and the recent top hosts (which hosts) the messages name. */
  readonly reference: ReferenceStore;
  readonly applicationThreshold: number;
  readonly unknownSourceThreshold: number;
  /**
   * Concurrent executions reserved for (and capping) the notifier.
   * @default - no reservation (config `notifierConcurrency`)
   */
  readonly reservedConcurrency?: number;
  /**
   * The alarm topics: the notifier publishes to `topic`, ApplicationFlood's own actions go to
   * `operationsTopic` like every alarm's; also the sink of the notifier's own alarms.
   */
  readonly alarms: PipelineAlarms;
  /** Alarms besides ApplicationFlood whose state changes become notifier messages. */
  readonly notifiedAlarms: readonly cloudwatch.IAlarm[];
}

/**
 * The "who to call" half of the alarms (ARCHITECTURE.md sections 6 and 6a): the ApplicationFlood
 * Metrics Insights alarm (L1: the L2 Alarm has no Metrics Insights query with contributors), the
 * notifier Lambda with its on-failure queue and alarms, and the EventBridge rule that routes the
 * state changes of the notified alarms to it.
 */
export class AlarmNotifier extends Construct {
  readonly definition: ApplicationFloodDefinition;
  readonly floodAlarm: cloudwatch.CfnAlarm;
  readonly notifier: PipelineFunction;
  /** On-failure destination of the function and dead-letter queue of the rule's target. */
  readonly failures: sqs.Queue;
  /** The notifier as the dashboard and the alarms see it. */
  readonly monitored: MonitoredFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: AlarmNotifierProps) {
    super(scope, id);
    const topic = props.alarms.topic;
    this.definition = applicationFloodAlarm({
      applicationThreshold: props.applicationThreshold,
      namespace: props.namespace,
    });
    const def = this.definition;
    // Named and actioned like every other alarm: the topic policies admit only `<stackName>-*`,
    // and CloudWatch's own message goes to the operations topic (it also arrives there if the
    // notifier fails). The owner-facing message, with the application, its contact and the
    // heaviest hosts, is the notifier's alone, on the alarm topic: one per state change.
    this.floodAlarm = new cloudwatch.CfnAlarm(this, def.id, {
      alarmName: `${Stack.of(this).stackName}-${def.id}`,
      alarmDescription: def.description,
      metrics: [
        {
          id: 'flood',
          expression: def.query,
          period: def.periodSeconds,
          returnData: true,
          label: 'Requests per application per 5 minutes',
        },
      ],
      threshold: def.threshold,
      evaluationPeriods: def.evaluationPeriods,
      datapointsToAlarm: def.datapointsToAlarm,
      comparisonOperator: def.comparison,
      treatMissingData: def.treatMissingData,
      alarmActions: [props.alarms.operationsTopic.topicArn],
      okActions: [props.alarms.operationsTopic.topicArn],
    });

    // Asynchronous (EventBridge), so the same set-up as lifecycle-sync: an on-failure queue that
    // is also the rule target's DLQ, one alarm for both, and an opt-in reservation.
    const settings = PIPELINE_FUNCTIONS.notifier;
    const notifier = asyncPipelineFunction(this, settings.name, {
      repoRoot: props.repoRoot,
      logLevel: props.logLevel,
      logRetentionDays: props.logRetentionDays,
      ...sizedFrom(settings),
      reservedConcurrency: props.reservedConcurrency,
      failureQueueId: settings.failureQueueName,
      retryAttempts: NOTIFIER_RETRY_ATTEMPTS,
      maxEventAge: Duration.seconds(PIPELINE_FUNCTIONS.notifier.maxEventAgeSeconds),
      alarmSink: props.alarms,
      environment: {
        ...writeEnvironment(NOTIFIER_ENVIRONMENT, {
          bucket: props.reference.bucket.bucketName,
          topicArn: topic.topicArn,
          mapKey: REFERENCE_KEYS.map,
          topHostsKey: RECENT_TOP_HOSTS_KEY,
          applicationThreshold: def.threshold,
          unknownSourceThreshold: props.unknownSourceThreshold,
        }),
        // Each message's drill-down then runs in this account: fleetlog query ... --athena --stack.
        ...writeEnvironment(NOTIFIER_DRILL_DOWN_ENVIRONMENT, {
          stackName: Stack.of(this).stackName,
        }),
      },
    });
    this.notifier = notifier.fn;
    this.failures = notifier.failures;
    this.monitored = notifier.monitored;

    const role = this.notifier.role;
    props.reference.grantReadMapAndRecentTopHosts(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
    );
    if (topic.masterKey) {
      // Publishing to an SSE-KMS topic needs a data key of the topic's key (SNS developer guide).
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [topic.masterKey.keyArn],
        }),
      );
    }
    this.rule = new events.Rule(this, 'AlarmStateChanges', {
      description: 'fleetlog: state changes of the UNKNOWN and ApplicationFlood alarms',
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: [...ALARM_EVENT_DETAIL_TYPES],
        resources: [...props.notifiedAlarms.map((a) => a.alarmArn), this.floodAlarm.attrArn],
      },
      targets: [
        new targets.LambdaFunction(this.notifier.fn, {
          deadLetterQueue: this.failures,
          retryAttempts: 8,
          maxEventAge: Duration.seconds(PIPELINE_FUNCTIONS.notifier.maxEventAgeSeconds),
        }),
      ],
    });
  }
}
