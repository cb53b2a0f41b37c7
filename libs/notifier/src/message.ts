import type { PublishCommandInput } from '@aws-sdk/client-sns';
import {
  ALARM_PERIOD_SECONDS,
  NOTIFICATION_SCHEMA_VERSION,
  TOP_HOSTS_LIMIT,
  UNKNOWN_APPLICATION,
  VERIFY_TEST_MARK,
  drillDownCommand,
  type AlarmNotification,
} from '@fleetlog/pipeline-config';

/** What is known about one application's alarm change; anything may be missing but its name. */
export interface NotificationFacts {
  /** Which alarm changed. */
  alarm: AlarmNotification['alarm'];
  /** Its new state. */
  state: AlarmNotification['state'];
  /** The application (`UNKNOWN` for the unknown-source alarm). */
  applicationName: string;
  /** Who to call; null or undefined when not known (always null for `UNKNOWN`). */
  contact: string | null | undefined;
  /** Start of the 5 minutes that crossed, ISO; null or undefined when not known. */
  windowStart: string | null | undefined;
  /** Requests in those 5 minutes; null or undefined when not known. */
  requestCount: number | null | undefined;
  /** The alarm's threshold. */
  threshold: number;
  /** When the alarm changed state, ISO; null or undefined when not known. */
  alarmAt: string | null | undefined;
  /** When the message is published, ISO. */
  sentAt: string;
  /**
   * Heaviest client hosts of the same 5 minutes, in any order (sorted, cut to TOP_HOSTS_LIMIT);
   * undefined if unknown.
   */
  topHosts: readonly { host: string; requestCount: number }[] | undefined;
  /**
   * The deployed stack's name: the drill-down then runs in the account (`--athena --stack NAME`).
   * @default none: the command over a local archive (`out/archive`)
   */
  stackName?: string;
}

function windowEndOf(windowStart: string | null): string | null {
  const ms = windowStart === null ? Number.NaN : Date.parse(windowStart);
  return Number.isFinite(ms) ? new Date(ms + ALARM_PERIOD_SECONDS * 1000).toISOString() : null;
}

/**
 * The notification message (ARCHITECTURE.md section 6a). Used by the notifier Lambda and by the local runs
 * (notifications.jsonl), so both say the same thing. UNKNOWN has no contact by definition.
 */
export function buildNotification(facts: NotificationFacts): AlarmNotification {
  const topHosts = [...(facts.topHosts ?? [])]
    .filter((h) => typeof h.host === 'string' && Number.isFinite(h.requestCount))
    .sort((a, b) => b.requestCount - a.requestCount || (a.host < b.host ? -1 : 1))
    .slice(0, TOP_HOSTS_LIMIT)
    .map(({ host, requestCount }) => ({ host, requestCount }));
  const windowStart = facts.windowStart ?? null;
  const windowEnd = windowEndOf(windowStart);
  return {
    schemaVersion: NOTIFICATION_SCHEMA_VERSION,
    alarm: facts.alarm,
    state: facts.state,
    applicationName: facts.applicationName,
    contact: facts.applicationName === UNKNOWN_APPLICATION ? null : (facts.contact ?? null),
    windowStart,
    windowEnd,
    requestCount: facts.requestCount ?? null,
    threshold: facts.threshold,
    alarmAt: facts.alarmAt ?? null,
    sentAt: facts.sentAt,
    topHosts,
    drillDown: drillDownCommand(
      { applicationName: facts.applicationName, windowStart, windowEnd },
      facts.stackName,
    ),
  };
}

/** SNS subjects: at most 100 printable ASCII characters, no line breaks. */
export const SUBJECT_MAX_LENGTH = 100;

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** How a message is marked. */
export interface MessageOptions {
  /**
   * A test forced by `fleetlog verify` (`isVerifyTestReason` of the state reason): the subject
   * starts with VERIFY_TEST_MARK.subjectPrefix and the message has the attribute
   * VERIFY_TEST_MARK.attributeName = attributeValue, so subscribers can filter tests out.
   * @default false
   */
  test?: boolean;
}

/** One line naming the application, the count and who to call; `[TEST] ` first for a test. */
export function notificationSubject(n: AlarmNotification, options: MessageOptions = {}): string {
  const requests = n.requestCount === null ? '' : ` ${count(n.requestCount)} req/5min`;
  const who =
    n.applicationName === UNKNOWN_APPLICATION
      ? n.topHosts.length > 0
        ? ` - top ${n.topHosts[0].host}`
        : ''
      : ` - contact ${n.contact ?? 'unknown'}`;
  const verb = n.state === 'ALARM' ? 'flood' : 'recovered';
  const mark = options.test === true ? VERIFY_TEST_MARK.subjectPrefix : '';
  const text = `${mark}${n.state} ${n.applicationName} ${verb}${requests} (>${count(n.threshold)})${who}`;
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= SUBJECT_MAX_LENGTH
    ? ascii
    : `${ascii.slice(0, SUBJECT_MAX_LENGTH - 3)}...`;
}

/**
 * The Publish call: the JSON message, its subject, and the attributes a team's subscription
 * filter policy matches (`applicationName`, `contact`, plus `alarm` and `state`). SNS refuses an
 * empty attribute value, so `contact` is left out when there is none. A test (`options.test`) is
 * marked in the subject and by the attribute `test` = `fleetlog-verify` (VERIFY_TEST_MARK), which
 * a filter policy `{"test": [{"exists": false}]}` keeps away from a subscriber.
 */
export function publishInput(
  n: AlarmNotification,
  topicArn: string,
  options: MessageOptions = {},
): PublishCommandInput {
  const attributes: NonNullable<PublishCommandInput['MessageAttributes']> = {
    applicationName: { DataType: 'String', StringValue: n.applicationName },
    alarm: { DataType: 'String', StringValue: n.alarm },
    state: { DataType: 'String', StringValue: n.state },
  };
  if (n.contact !== null && n.contact.trim() !== '') {
    attributes['contact'] = { DataType: 'String', StringValue: n.contact };
  }
  if (options.test === true) {
    attributes[VERIFY_TEST_MARK.attributeName] = {
      DataType: 'String',
      StringValue: VERIFY_TEST_MARK.attributeValue,
    };
  }
  return {
    TopicArn: topicArn,
    Subject: notificationSubject(n, options),
    Message: JSON.stringify(n),
    MessageAttributes: attributes,
  };
}
