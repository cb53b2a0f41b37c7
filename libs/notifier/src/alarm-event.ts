// What CloudWatch sends to EventBridge, as documented in "Alarm events and EventBridge"
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html):
// - a single-metric alarm (UnknownSourceRequests) sends "CloudWatch Alarm State Change" with
//   state.reasonData: JSON with startDate, period, recentDatapoints and threshold;
// - a Metrics Insights alarm with GROUP BY (ApplicationFlood) sends one "CloudWatch Alarm
//   Contributor State Change" per contributor, with detail.alarmContributor.{id, attributes} and a
//   state.reason naming the most recent breaching datapoint, and no reasonData; its own "CloudWatch
//   Alarm State Change" only summarises ("6 out of 6 time series evaluated to ALARM").
// So the applications come from the contributor events, and the alarm-level event of the
// Metrics Insights alarm is ignored (it would only repeat them without names).
import { APPLICATION_DIMENSION, UNKNOWN_APPLICATION } from '@fleetlog/pipeline-config';
import type { AlarmNotification } from '@fleetlog/pipeline-config';
import { cloudWatchDateMs, parseReasonData, parseStateReason } from './reason-figures';

export const ALARM_DETAIL_TYPES = {
  alarm: 'CloudWatch Alarm State Change',
  contributor: 'CloudWatch Alarm Contributor State Change',
} as const;

/** One application's alarm state change, with whatever the event says about its datapoint. */
export interface AlarmChange {
  /** `UnknownSourceRequests` or `ApplicationFlood`. */
  alarm: AlarmNotification['alarm'];
  /** The new state. */
  state: AlarmNotification['state'];
  /** The contributor's `ApplicationName`, or `UNKNOWN` for the unknown-source alarm. */
  applicationName: string;
  /**
   * Start of the 5 minutes of the data point that decided the change (for ALARM the newest that
   * breached), ISO; null when the event does not say.
   */
  windowStart: string | null;
  /**
   * That data point's value: the Sum of the requests of those 5 minutes that CloudWatch had when it
   * evaluated (late partials not yet in); null when the event does not say.
   */
  value: number | null;
  /** Threshold named by the event; null when it does not say. */
  threshold: number | null;
  /** When the state changed (the event's `detail.state.timestamp`), ISO; null when absent. */
  alarmAt: string | null;
  /** The state reason sentence (`detail.state.reason`); null when absent. */
  stateReason: string | null;
  /** The CloudWatch alarm's name, as the event gives it. */
  alarmName: string;
  /** The EventBridge event's `id`. */
  eventId: string | undefined;
}

export type ClassifiedEvent =
  | { kind: 'change'; change: AlarmChange }
  | { kind: 'ignored'; reason: string; eventId: string | undefined };

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The state change's time: `detail.state.timestamp`, else the event's `time`; null if neither. */
function alarmAtOf(event: Json, detail: Json): string | null {
  for (const text of [str(obj(detail['state'])?.['timestamp']), str(event['time'])]) {
    const ms = text === undefined ? Number.NaN : cloudWatchDateMs(text);
    if (Number.isFinite(ms)) return new Date(ms).toISOString();
  }
  return null;
}

function stateOf(detail: Json): AlarmChange['state'] | undefined {
  const value = obj(detail['state'])?.['value'];
  return value === 'ALARM' || value === 'OK' ? value : undefined;
}

/** The ApplicationName dimension of a single-metric alarm's metric, if it has one. */
function metricApplication(detail: Json): string | undefined {
  const metrics = obj(detail['configuration'])?.['metrics'];
  if (!Array.isArray(metrics)) return undefined;
  for (const m of metrics) {
    const dims = obj(obj(obj(obj(m)?.['metricStat'])?.['metric'])?.['dimensions']);
    const app = str(dims?.[APPLICATION_DIMENSION]);
    if (app !== undefined) return app;
  }
  return undefined;
}

/**
 * Turns an EventBridge event into the state change of one application, or says why it is
 * ignored (another detail type, INSUFFICIENT_DATA, the Metrics Insights alarm's summary, an alarm
 * without an application). Never throws: a malformed event is ignored with its reason.
 */
export function classifyAlarmEvent(event: unknown): ClassifiedEvent {
  const e = obj(event);
  const eventId = str(e?.['id']);
  const ignored = (reason: string): ClassifiedEvent => ({ kind: 'ignored', reason, eventId });
  const detail = obj(e?.['detail']);
  if (!e || !detail) return ignored('not an EventBridge event with a detail');
  const detailType = e['detail-type'];
  const alarmName = str(detail['alarmName']) ?? '(unnamed alarm)';
  const state = stateOf(detail);
  const stateObj = obj(detail['state']);
  const alarmAt = alarmAtOf(e, detail);

  if (detailType === ALARM_DETAIL_TYPES.contributor) {
    const attributes = obj(obj(detail['alarmContributor'])?.['attributes']);
    const applicationName = str(attributes?.[APPLICATION_DIMENSION]);
    if (applicationName === undefined)
      return ignored(`contributor without an ${APPLICATION_DIMENSION} attribute`);
    if (state === undefined) return ignored(`contributor state ${String(stateObj?.['value'])}`);
    const stateReason = str(stateObj?.['reason']) ?? null;
    const parsed = parseStateReason(stateReason ?? undefined, state);
    return {
      kind: 'change',
      change: {
        alarm: 'ApplicationFlood',
        state,
        applicationName,
        alarmName,
        alarmAt,
        eventId,
        stateReason,
        ...parsed,
      },
    };
  }
  if (detailType !== ALARM_DETAIL_TYPES.alarm) return ignored(`detail type ${String(detailType)}`);
  if (state === undefined) return ignored(`alarm state ${String(stateObj?.['value'])}`);
  const applicationName = metricApplication(detail);
  if (applicationName === undefined) {
    return ignored('alarm-level change without an application (contributor events name them)');
  }
  if (applicationName !== UNKNOWN_APPLICATION) {
    return ignored(`single-metric alarm on application ${applicationName} is not a fleetlog alarm`);
  }
  const stateReason = str(stateObj?.['reason']) ?? null;
  const fromData = parseReasonData(str(stateObj?.['reasonData']), state);
  const fromReason = parseStateReason(stateReason ?? undefined, state);
  // The value and its window from one data point: reasonData's when it names one, else the
  // reason sentence's (never a value from one and a window from the other).
  const figures = fromData.value !== null ? fromData : fromReason;
  return {
    kind: 'change',
    change: {
      alarm: 'UnknownSourceRequests',
      state,
      applicationName,
      alarmName,
      alarmAt,
      eventId,
      stateReason,
      value: figures.value,
      windowStart: figures.windowStart,
      threshold: fromData.threshold ?? fromReason.threshold,
    },
  };
}
