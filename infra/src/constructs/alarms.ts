import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import {
  INPUT_STREAM_WRITE_ALARM_ID,
  metricAlarms,
  PIPELINE_HEALTH_THRESHOLDS,
  type MetricAlarmDefinition,
} from '@fleetlog/pipeline-config';
import { Construct } from 'constructs';
import type { AlarmSink, AlarmSpec } from './function-alarms';
import { denyForeignGrants } from './key-policy';

export interface PipelineAlarmsProps {
  readonly namespace: string;
  readonly unknownSourceThreshold: number;
  readonly alarmEmail: string | undefined;
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

/**
 * The alarm topic and every alarm on it. Built here: the alarms on fleetlog's own metrics and on
 * input-stream write throttling. The functions build their own health alarms in (stream consumers,
 * async functions) and put them here through `addAlarm`, so every alarm is named and actioned alike.
 */
export class PipelineAlarms extends Construct implements AlarmSink {
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
        datapointsToAlarm: def.datapointsToAlarm,
        comparisonOperator: COMPARISON[def.comparison],
        treatMissingData: MISSING[def.treatMissingData],
        alarmDescription: def.description,
      });
    }
    if (props.inputStream) {
      this.addAlarm(INPUT_STREAM_WRITE_ALARM_ID, {
        metric: props.inputStream.metricWriteProvisionedThroughputExceeded({
          statistic: 'Sum',
          period: Duration.seconds(300),
        }),
        threshold: PIPELINE_HEALTH_THRESHOLDS.inputWriteThrottledRecords,
        evaluationPeriods: PIPELINE_HEALTH_THRESHOLDS.inputWriteThrottlePeriods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription:
          'The input stream refuses writes (WriteProvisionedThroughputExceeded): agents back off and fall behind; add shards or move to on-demand',
      });
    }
  }

  /**
   * Adds an alarm named `<stack name>-<id>` (so the topic policy lets it publish) that notifies
   * the topic on ALARM and on OK (recovery). Other constructs add their alarms through this.
   */
  addAlarm(id: string, spec: AlarmSpec): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      ...spec,
      alarmName: `${this.alarmNamePrefix}${id}`,
    });
    const action = new actions.SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }

  /** The alarm added under `id` (e.g. a metric alarm's definition id). */
  alarmById(id: string): cloudwatch.Alarm {
    const alarm = this.alarms.find((a) => a.node.id === id);
    if (!alarm) throw new Error(`no alarm ${id} in ${this.node.path}`);
    return alarm;
  }
}
