import {
  ALARM_PERIOD_SECONDS,
  APPLICATION_DIMENSION,
  METRICS,
  UNKNOWN_APPLICATION,
} from '@fleetlog/pipeline-config';
import type { EpisodeWindow } from './alarm-episodes';

/** One modelled state change of an owner-facing alarm, for one application. */
export interface ModelledStateChange {
  alarm: 'ApplicationFlood' | 'UnknownSourceRequests';
  /** The contributor of ApplicationFlood; UNKNOWN for UnknownSourceRequests. */
  applicationName: string;
  state: 'ALARM' | 'OK';
  /** The evaluation minute at which the state changed, ISO. */
  at: string;
  /** The data point the model names (for ALARM the 5 minutes that tripped it); null if none. */
  trigger: EpisodeWindow | null;
  threshold: number;
  /** CloudWatch namespace of the metrics. */
  namespace: string;
  /** ApplicationFlood's Metrics Insights query (its event's `configuration`). */
  query?: string;
}

/** "2025-12-01T13:42:04.000+0000": CloudWatch's timestamps in events (no colon in the offset). */
function cloudWatchDate(iso: string): string {
  return iso.replace(/Z$/, '+0000');
}

/** "01/12/25 13:35:00": how a state reason dates a data point (dd/MM/yy HH:mm:ss, UTC). */
function reasonDate(iso: string): string {
  const [date, time] = iso.split('T');
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y.slice(2)} ${time.slice(0, 8)}`;
}

/** A double as CloudWatch prints it in a reason: "3273.0". */
function reasonNumber(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

function envelope(detailType: string, change: ModelledStateChange, detail: object) {
  return {
    version: '0',
    id: `local-${change.alarm}-${change.applicationName}-${change.state}-${change.at}`,
    'detail-type': detailType,
    source: 'aws.cloudwatch',
    account: '000000000000',
    time: change.at.replace(/\.\d{3}Z$/, 'Z'),
    region: 'local',
    resources: [`arn:aws:cloudwatch:local:000000000000:alarm:FleetLog-${change.alarm}`],
    detail: { alarmName: `FleetLog-${change.alarm}`, ...detail },
  };
}

/**
 * The EventBridge event CloudWatch sends for a modelled state change, in the documented shapes
 * ("Alarm events and EventBridge",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html;
 * the notifier's fixtures transcribe them):
 * - UnknownSourceRequests, a metric alarm: `CloudWatch Alarm State Change` with
 *   `configuration.metrics[].metricStat` (the metric and its `ApplicationName` dimension) and
 *   `state.reasonData` JSON (`startDate`, `period`, `recentDatapoints`, `threshold`,
 *   `evaluatedDatapoints` whose `timestamp` is the start of the 5 minutes each one sums);
 * - ApplicationFlood, a Metrics Insights alarm: one `CloudWatch Alarm Contributor State Change`
 *   per application, `alarmContributor.attributes.ApplicationName`, and a `state.reason` naming
 *   the most recent datapoint with its period's start; no reasonData.
 * The local runs pass these events through the notifier's own `classifyAlarmEvent`, so the window
 * and value a local notification names are read exactly as the deployed notifier reads them. The
 * model keeps one data point per change (the trigger), so reasonData lists that one.
 */
export function alarmStateChangeEvent(change: ModelledStateChange): object {
  const t = change.trigger;
  const words = change.state === 'ALARM' ? 'was greater than' : 'was not greater than';
  const threshold = reasonNumber(change.threshold);
  const stamp = cloudWatchDate(change.at);
  if (change.alarm === 'ApplicationFlood') {
    const reason =
      t === null
        ? 'No data was returned for this contributor'
        : `Threshold Crossed: 1 datapoint ${words} the threshold (${threshold}). The most recent datapoint${change.state === 'ALARM' ? ' which crossed the threshold' : ''}: [${reasonNumber(t.value)} (${reasonDate(t.start)})].`;
    return envelope('CloudWatch Alarm Contributor State Change', change, {
      alarmContributor: {
        id: change.applicationName,
        attributes: { [APPLICATION_DIMENSION]: change.applicationName },
      },
      state: { value: change.state, reason, timestamp: stamp },
      configuration: {
        metrics: [
          {
            id: 'm1',
            expression: change.query ?? '',
            returnData: true,
            period: ALARM_PERIOD_SECONDS,
          },
        ],
      },
    });
  }
  const reasonData =
    t === null
      ? { version: '1.0', queryDate: stamp, statistic: 'Sum', period: ALARM_PERIOD_SECONDS }
      : {
          version: '1.0',
          queryDate: stamp,
          startDate: cloudWatchDate(t.start),
          statistic: 'Sum',
          period: ALARM_PERIOD_SECONDS,
          recentDatapoints: [t.value],
          threshold: change.threshold,
          evaluatedDatapoints: [{ timestamp: cloudWatchDate(t.start), value: t.value }],
        };
  const reason =
    t === null
      ? 'Threshold Crossed: no datapoints were received, missing datapoints were treated as [NonBreaching].'
      : `Threshold Crossed: 1 out of the last 1 datapoints [${reasonNumber(t.value)} (${reasonDate(t.start)})] ${words} the threshold (${threshold}).`;
  return envelope('CloudWatch Alarm State Change', change, {
    configuration: {
      metrics: [
        {
          id: 'm1',
          metricStat: {
            metric: {
              dimensions: { [APPLICATION_DIMENSION]: UNKNOWN_APPLICATION },
              name: METRICS.requestCount,
              namespace: change.namespace,
            },
            period: ALARM_PERIOD_SECONDS,
            stat: 'Sum',
          },
          returnData: true,
        },
      ],
    },
    state: {
      value: change.state,
      reason,
      reasonData: JSON.stringify(reasonData),
      timestamp: stamp,
    },
  });
}
