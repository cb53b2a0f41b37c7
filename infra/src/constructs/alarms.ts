import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  metricAlarms,
  PIPELINE_HEALTH_THRESHOLDS,
  type MetricAlarmDefinition,
} from '@fleetlog/pipeline-config';
import { Construct } from 'constructs';
import { denyForeignGrants } from './key-policy';

export interface NamedFunction {
  readonly name: string;
  readonly fn: lambda.IFunction;
  /**
   * The function has an on-failure destination (async invoke config or event source mapping):
   * alarm on `DestinationDeliveryFailures`, a failure whose record was lost too.
   * @default false
   */
  readonly hasFailureDestination?: boolean;
}

export interface NamedQueue {
  readonly name: string;
  readonly queue: sqs.IQueue;
}

export interface PipelineAlarmsProps {
  readonly namespace: string;
  readonly unknownSourceThreshold: number;
  readonly alarmEmail: string | undefined;
  /** Every fleetlog Lambda (errors alarm). */
  readonly functions: readonly NamedFunction[];
  /** The stream consumers (iterator age alarm). */
  readonly consumers: readonly NamedFunction[];
  /** Dead-letter and on-failure queues (not-empty alarm). */
  readonly queues: readonly NamedQueue[];
  /**
   * The stream the agents write to (write-throttling alarm).
   * @default - no write-throttling alarm
   */
  readonly inputStream?: kinesis.IStream;
}

const COMPARISON: Record<MetricAlarmDefinition['comparison'], cloudwatch.ComparisonOperator> = {
  GreaterThanThreshold: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
};
const MISSING: Record<MetricAlarmDefinition['treatMissingData'], cloudwatch.TreatMissingData> = {
  notBreaching: cloudwatch.TreatMissingData.NOT_BREACHING,
};

/** CloudWatch metric of a shared alarm definition, in the configured namespace. */
export function definitionMetric(namespace: string, def: MetricAlarmDefinition): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace,
    metricName: def.metricName,
    dimensionsMap: { ...def.dimensions },
    statistic: def.statistic,
    period: Duration.seconds(def.periodSeconds),
  });
}

/** The alarm topic and every alarm on it: fleetlog's own metrics plus pipeline health. */
export class PipelineAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  /** Every alarm is named `<stack name>-<id>`: the topic policy admits exactly these alarms. */
  readonly alarmNamePrefix: string;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.alarmNamePrefix = `${stack.stackName}-`;
    // Only this account's alarms of this stack may use the topic and its key (confused deputy).
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: `${this.alarmNamePrefix}*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };
    const key = new kms.Key(this, 'TopicKey', {
      description: 'fleetlog alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch publishes alarm notifications itself, so it needs the key of an encrypted topic.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromOurAlarms,
      }),
    );
    denyForeignGrants(key);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'fleetlog alarms',
      masterKey: key,
      enforceSSL: true,
    });
    // A topic policy replaces SNS's default one: without this Allow no alarm could publish.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowFleetlogAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromOurAlarms,
      }),
    );
    if (props.alarmEmail) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    for (const def of metricAlarms({ unknownSourceThreshold: props.unknownSourceThreshold })) {
      this.addAlarm(def.id, {
        metric: definitionMetric(props.namespace, def),
        threshold: def.threshold,
        evaluationPeriods: def.evaluationPeriods,
        comparisonOperator: COMPARISON[def.comparison],
        treatMissingData: MISSING[def.treatMissingData],
        alarmDescription: def.description,
      });
    }
    const period = Duration.seconds(300);
    for (const { name, fn } of props.consumers) {
      this.addAlarm(`${name}IteratorAge`, {
        metric: fn.metric('IteratorAge', { statistic: 'Maximum', period }),
        threshold: PIPELINE_HEALTH_THRESHOLDS.iteratorAgeMs,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${name} is falling behind its stream`,
      });
    }
    for (const { name, fn } of props.functions) {
      this.addAlarm(`${name}Errors`, {
        metric: fn.metricErrors({ statistic: 'Sum', period }),
        threshold: PIPELINE_HEALTH_THRESHOLDS.lambdaErrors,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${name} invocations failed`,
      });
    }
    const over = (threshold: number) => ({
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const { name, fn } of props.functions) {
      this.addAlarm(`${name}Throttles`, {
        metric: fn.metricThrottles({ statistic: 'Sum', period }),
        ...over(PIPELINE_HEALTH_THRESHOLDS.lambdaThrottles),
        alarmDescription: `${name} invocations were throttled (reserved concurrency or the account's limit); async events are retried until their max age, stream batches wait`,
      });
    }
    for (const { name, fn } of props.functions.filter((f) => f.hasFailureDestination)) {
      this.addAlarm(`${name}DestinationDeliveryFailures`, {
        metric: fn.metric('DestinationDeliveryFailures', { statistic: 'Sum', period }),
        ...over(PIPELINE_HEALTH_THRESHOLDS.destinationDeliveryFailures),
        alarmDescription: `${name} could not deliver a failed event or batch to its on-failure queue: that failure is lost`,
      });
    }
    if (props.inputStream) {
      this.addAlarm('InputStreamWriteThrottled', {
        metric: props.inputStream.metricWriteProvisionedThroughputExceeded({
          statistic: 'Sum',
          period,
        }),
        ...over(PIPELINE_HEALTH_THRESHOLDS.inputWriteThrottledRecords),
        evaluationPeriods: PIPELINE_HEALTH_THRESHOLDS.inputWriteThrottlePeriods,
        alarmDescription:
          'The input stream refuses writes (WriteProvisionedThroughputExceeded): agents back off and fall behind; add shards or move to on-demand',
      });
    }
    for (const { name, queue } of props.queues) {
      this.addAlarm(`${name}NotEmpty`, {
        metric: queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period }),
        threshold: PIPELINE_HEALTH_THRESHOLDS.dlqMessages,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${name} holds records or events that could not be processed`,
      });
    }
  }

  /**
   * Adds an alarm named `<stack name>-<id>` (so the topic policy lets it publish) that notifies
   * the topic on ALARM and on OK (recovery). Other constructs add their alarms through this.
   */
  addAlarm(id: string, props: Omit<cloudwatch.AlarmProps, 'alarmName'>): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      ...props,
      alarmName: `${this.alarmNamePrefix}${id}`,
    });
    const action = new actions.SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }
}
