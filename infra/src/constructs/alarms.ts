import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
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

export interface NamedFunction {
  readonly name: string;
  readonly fn: lambda.IFunction;
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

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
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
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'fleetlog alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    for (const def of metricAlarms({ unknownSourceThreshold: props.unknownSourceThreshold })) {
      this.add(def.id, {
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
      this.add(`${name}IteratorAge`, {
        metric: fn.metric('IteratorAge', { statistic: 'Maximum', period }),
        threshold: PIPELINE_HEALTH_THRESHOLDS.iteratorAgeMs,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${name} is falling behind its stream`,
      });
    }
    for (const { name, fn } of props.functions) {
      this.add(`${name}Errors`, {
        metric: fn.metricErrors({ statistic: 'Sum', period }),
        threshold: PIPELINE_HEALTH_THRESHOLDS.lambdaErrors,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${name} invocations failed`,
      });
    }
    for (const { name, queue } of props.queues) {
      this.add(`${name}NotEmpty`, {
        metric: queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period }),
        threshold: PIPELINE_HEALTH_THRESHOLDS.dlqMessages,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${name} holds records or events that could not be processed`,
      });
    }
  }

  private add(id: string, props: cloudwatch.AlarmProps): void {
    const alarm = new cloudwatch.Alarm(this, id, props);
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
