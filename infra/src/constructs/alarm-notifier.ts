import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  applicationFloodAlarm,
  NOTIFIER_ENVIRONMENT,
  RECENT_TOP_HOSTS_KEY,
  REFERENCE_KEYS,
  writeEnvironment,
  type ApplicationFloodDefinition,
} from '@fleetlog/pipeline-config';

const { topicArn: _topicArn, ...NOTIFIER_ENVIRONMENT_BUT_TOPIC } = NOTIFIER_ENVIRONMENT;
import { Construct } from 'constructs';
import type { LogLevel } from '../config';
import type { NamedFunction, NamedQueue } from './alarms';
import { asyncPipelineFunction } from './async-pipeline-function';
import type { PipelineFunction } from './pipeline-function';

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
/** An alarm message older than this is moot: the alarm has re-evaluated many times since. */
const NOTIFIER_MAX_EVENT_AGE = Duration.hours(1);
/** A few alarm changes at once are the most there are; a burst waits rather than fans out. */
const NOTIFIER_CONCURRENCY = 2;

export interface AlarmNotifierProps {
  readonly repoRoot: string;
  readonly logLevel: LogLevel;
  readonly logRetentionDays: number;
  readonly namespace: string;
  readonly bucket: s3.IBucket;
  readonly applicationThreshold: number;
  readonly unknownSourceThreshold: number;
}

/**
 * The "who to call" half of the alarms (ARCHITECTURE 6 and 6a): the ApplicationFlood Metrics
 * Insights alarm (L1: the L2 Alarm has no Metrics Insights query with contributors), and the
 * notifier Lambda with its on-failure queue. `connect` adds the topic and the EventBridge rule
 * once the alarm topic exists (the topic's alarms need this function and queue first).
 */
export class AlarmNotifier extends Construct {
  readonly definition: ApplicationFloodDefinition;
  readonly floodAlarm: cloudwatch.CfnAlarm;
  readonly notifier: PipelineFunction;
  /** On-failure destination of the function and dead-letter queue of the rule's target. */
  readonly failures: sqs.Queue;
  /** For PipelineAlarms `functions` and `queues`. */
  readonly alarmFunction: NamedFunction;
  readonly alarmQueue: NamedQueue;
  rule: events.Rule | undefined;

  constructor(scope: Construct, id: string, props: AlarmNotifierProps) {
    super(scope, id);
    this.definition = applicationFloodAlarm({
      applicationThreshold: props.applicationThreshold,
      namespace: props.namespace,
    });
    const def = this.definition;
    // Named and actioned like every other alarm (connect): the topic policy admits only
    // `<stackName>-*`, and the plain CloudWatch message still arrives if the notifier fails; the
    // notifier's messages add the application, its contact and the heaviest hosts.
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
      datapointsToAlarm: def.evaluationPeriods,
      comparisonOperator: def.comparison,
      treatMissingData: def.treatMissingData,
    });

    // Asynchronous (EventBridge), so the same set-up as lifecycle-sync: reserved concurrency, an
    // on-failure queue that is also the rule target's DLQ, one alarm for both.
    const notifier = asyncPipelineFunction(this, 'Notifier', {
      repoRoot: props.repoRoot,
      logLevel: props.logLevel,
      logRetentionDays: props.logRetentionDays,
      app: 'apps/notifier',
      serviceName: 'notifier',
      memorySize: 256,
      timeout: Duration.seconds(30),
      reservedConcurrency: NOTIFIER_CONCURRENCY,
      failureQueueId: 'NotifierFailures',
      retryAttempts: NOTIFIER_RETRY_ATTEMPTS,
      maxEventAge: NOTIFIER_MAX_EVENT_AGE,
      // The topic comes later (connect); every other variable of the contract is written here.
      environment: writeEnvironment(NOTIFIER_ENVIRONMENT_BUT_TOPIC, {
        bucket: props.bucket.bucketName,
        mapKey: REFERENCE_KEYS.map,
        topHostsKey: RECENT_TOP_HOSTS_KEY,
        applicationThreshold: def.threshold,
        unknownSourceThreshold: props.unknownSourceThreshold,
      }),
    });
    this.notifier = notifier.fn;
    this.failures = notifier.failures;
    this.alarmFunction = notifier.alarmFunction;
    this.alarmQueue = notifier.alarmQueue;
  }

  /**
   * Lets the notifier publish to the (KMS-encrypted) alarm topic and routes the state changes of
   * exactly these alarms, plus ApplicationFlood's contributors, to it.
   */
  connect(topic: sns.ITopic, alarms: readonly cloudwatch.IAlarm[]): void {
    this.floodAlarm.alarmActions = [topic.topicArn];
    this.floodAlarm.okActions = [topic.topicArn];
    const role = this.notifier.role;
    this.notifier.fn.addEnvironment(NOTIFIER_ENVIRONMENT.topicArn.name, topic.topicArn);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
    );
    const key = (topic as sns.Topic).masterKey;
    if (key) {
      // Publishing to an SSE-KMS topic needs a data key of the topic's key (SNS developer guide).
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [key.keyArn],
        }),
      );
    }
    this.rule = new events.Rule(this, 'AlarmStateChanges', {
      description: 'fleetlog: state changes of the UNKNOWN and ApplicationFlood alarms',
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: [...ALARM_EVENT_DETAIL_TYPES],
        resources: [...alarms.map((a) => a.alarmArn), this.floodAlarm.attrArn],
      },
      targets: [
        new targets.LambdaFunction(this.notifier.fn, {
          deadLetterQueue: this.failures,
          retryAttempts: 8,
          maxEventAge: NOTIFIER_MAX_EVENT_AGE,
        }),
      ],
    });
  }
}
