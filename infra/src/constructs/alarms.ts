import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import {
  INPUT_STREAM_WRITE_ALARM_ID,
  metricAlarms,
  PIPELINE_HEALTH_THRESHOLDS,
  type MetricAlarmDefinition,
} from '@fleetlog/pipeline-config';
import { Construct } from 'constructs';
import { alarmTopic, alarmTopicKey, fromAlarmsNamed } from './alarm-topics';
import type { AlarmSink, AlarmSpec } from './function-alarms';

export interface PipelineAlarmsProps {
  readonly namespace: string;
  readonly unknownSourceThreshold: number;
  /** E-mail subscribed to the owner-facing alarm topic. */
  readonly alarmEmail: string | undefined;
  /** E-mail subscribed to the operations topic. */
  readonly operationsEmail: string | undefined;
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
 * The two alarm topics and every alarm (ARCHITECTURE.md sections 6 and 6a). `topic` carries the
 * owner-facing messages, which only the notifier publishes (one per application and state
 * change, with who to call); `operationsTopic` gets CloudWatch's own message of every alarm
 * (ALARM and OK actions), so a subscriber of either hears of each state change once. Built here:
 * the alarms on fleetlog's own metrics and on input-stream write throttling. The functions build
 * their own health alarms in and put them here through `addAlarm`, so every alarm is named and
 * actioned alike.
 */
export class PipelineAlarms extends Construct implements AlarmSink {
  /** Owner-facing alarm topic: the notifier's messages only (output `AlarmTopicArn`). */
  readonly topic: sns.Topic;
  /** CloudWatch's alarm actions, health and floods alike (output `OperationsTopicArn`). */
  readonly operationsTopic: sns.Topic;
  /** The key of both topics. */
  readonly topicKey: kms.Key;
  readonly alarms: cloudwatch.Alarm[] = [];
  /** Every alarm is named `<stack name>-<id>`: the topic policies admit exactly these alarms. */
  readonly alarmNamePrefix: string;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    this.alarmNamePrefix = `${Stack.of(this).stackName}-`;
    // Only this account's alarms of this stack may use the topics and their key (confused deputy).
    const conditions = fromAlarmsNamed(this, this.alarmNamePrefix);
    const key = (this.topicKey = alarmTopicKey(this, 'TopicKey', conditions));
    this.topic = alarmTopic(this, 'Topic', {
      displayName: 'fleetlog alarms',
      key,
      conditions,
      email: props.alarmEmail,
    });
    this.operationsTopic = alarmTopic(this, 'OperationsTopic', {
      displayName: 'fleetlog operations',
      key,
      conditions,
      email: props.operationsEmail,
    });

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
        // Sustained: every one of the periods throttled (agents retry a brief throttle).
        evaluationPeriods: PIPELINE_HEALTH_THRESHOLDS.inputWriteThrottlePeriods,
        datapointsToAlarm: PIPELINE_HEALTH_THRESHOLDS.inputWriteThrottlePeriods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `The input stream has refused writes (WriteProvisionedThroughputExceeded) in each of ${PIPELINE_HEALTH_THRESHOLDS.inputWriteThrottlePeriods} periods of 5 minutes on end: agents back off and their buffers fill, so lines are about to be dropped; add shards or move to on-demand`,
      });
    }
  }

  /**
   * Adds an alarm named `<stack name>-<id>` (so the topic policies let it publish) that notifies
   * the operations topic on ALARM and on OK (recovery). Other constructs add their alarms here.
   */
  addAlarm(id: string, spec: AlarmSpec): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      ...spec,
      alarmName: `${this.alarmNamePrefix}${id}`,
    });
    const action = new actions.SnsAction(this.operationsTopic);
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
