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
import {
  APPLICATION_DIMENSION,
  UNKNOWN_APPLICATION,
  bucketStartMs,
} from '@fleetlog/pipeline-config';
import type { AlarmNotification } from '@fleetlog/pipeline-config';

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
  /** Start of the period of the most recent datapoint, ISO; null when the event does not say. */
  windowStart: string | null;
  /** That datapoint's value (the Sum of requests); null when the event does not say. */
  value: number | null;
  /** Threshold named by the event; null when it does not say. */
  threshold: number | null;
  /** When the state changed (the event's `detail.state.timestamp`), ISO; null when absent. */
  alarmAt: string | null;
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

/** What an alarm's reason tells of the breaching datapoint; null where it does not say. */
export interface ReasonFigures {
  value: number | null;
  windowStart: string | null;
  threshold: number | null;
}

function noFigures(): ReasonFigures {
  return { value: null, windowStart: null, threshold: null };
}

/** "(01/12/25 13:34:00)" in a state reason is dd/MM/yy HH:mm:ss UTC (see the doc's examples). */
const REASON_DATAPOINT =
  /\[\s*(-?[\d.]+(?:[eE][-+]?\d+)?)\s*\((\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})\)/;
const REASON_THRESHOLD = /threshold \((-?[\d.]+(?:[eE][-+]?\d+)?)\)/;

/** The most recent datapoint and the threshold named in a state reason sentence. */
export function parseStateReason(reason: string | undefined): ReasonFigures {
  const out = noFigures();
  if (reason === undefined) return out;
  const t = REASON_THRESHOLD.exec(reason);
  if (t) out.threshold = Number(t[1]);
  const d = REASON_DATAPOINT.exec(reason);
  if (d) {
    const [, value, dd, mm, yy, hh, mi, ss] = d;
    const ms = Date.UTC(
      2000 + Number(yy),
      Number(mm) - 1,
      Number(dd),
      Number(hh),
      Number(mi),
      Number(ss),
    );
    out.value = Number(value);
    if (Number.isFinite(ms)) out.windowStart = new Date(bucketStartMs(ms)).toISOString();
  }
  return out;
}

/** "2019-10-01T13:46:00.000+0000" (CloudWatch's offset has no colon) to epoch ms. */
function cloudWatchDateMs(text: string): number {
  return Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** Datapoint, its period and threshold from a single-metric alarm's reasonData JSON. */
export function parseReasonData(reasonData: string | undefined): ReasonFigures {
  const out = noFigures();
  if (reasonData === undefined) return out;
  let data: Json | undefined;
  try {
    data = obj(JSON.parse(reasonData));
  } catch {
    return out;
  }
  if (!data) return out;
  if (typeof data['threshold'] === 'number') out.threshold = data['threshold'];
  const points = Array.isArray(data['recentDatapoints'])
    ? data['recentDatapoints'].filter((v): v is number => typeof v === 'number')
    : [];
  if (points.length > 0) out.value = points[points.length - 1];
  const start = str(data['startDate']);
  const period = typeof data['period'] === 'number' ? data['period'] : undefined;
  if (start !== undefined && points.length > 0) {
    // recentDatapoints are consecutive periods from startDate; the last one is the newest.
    const ms = cloudWatchDateMs(start) + (points.length - 1) * (period ?? 0) * 1000;
    if (Number.isFinite(ms)) out.windowStart = new Date(bucketStartMs(ms)).toISOString();
  }
  return out;
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
    const parsed = parseStateReason(str(stateObj?.['reason']));
    return {
      kind: 'change',
      change: {
        alarm: 'ApplicationFlood',
        state,
        applicationName,
        alarmName,
        alarmAt,
        eventId,
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
  const fromData = parseReasonData(str(stateObj?.['reasonData']));
  const fromReason = parseStateReason(str(stateObj?.['reason']));
  return {
    kind: 'change',
    change: {
      alarm: 'UnknownSourceRequests',
      state,
      applicationName,
      alarmName,
      alarmAt,
      eventId,
      value: fromData.value ?? fromReason.value,
      windowStart: fromData.windowStart ?? fromReason.windowStart,
      threshold: fromData.threshold ?? fromReason.threshold,
    },
  };
}
