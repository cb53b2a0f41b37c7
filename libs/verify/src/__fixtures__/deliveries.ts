import { VERIFY_TEST_MARK, type AlarmNotification } from '@fleetlog/pipeline-config';
import { ALARM_NAME, TOPIC_ARN } from './fake-stack';

const attribute = (Value: string) => ({ Type: 'String', Value });

/** The SQS body of an SNS delivery without raw message delivery (the JSON envelope). */
function envelope(
  subject: string,
  message: unknown,
  attributes: Record<string, string> = {},
): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: `m-${subject.length}`,
    TopicArn: TOPIC_ARN,
    Subject: subject,
    Message: JSON.stringify(message),
    Timestamp: '2026-12-05T18:48:00.000Z',
    MessageAttributes: Object.fromEntries(
      Object.entries(attributes).map(([name, value]) => [name, attribute(value)]),
    ),
  });
}

/** CloudWatch's own alarm message (the alarm's SNS action). */
export function rawAlarmDelivery(): string {
  return envelope(`ALARM: "${ALARM_NAME}" in US East (N. Virginia)`, {
    AlarmName: ALARM_NAME,
    NewStateValue: 'ALARM',
    NewStateReason: `${VERIFY_TEST_MARK.reasonPrefix} spec1: forced into ALARM`,
  });
}

/** The notifier's message (ARCHITECTURE.md section 6a), marked as a test or not. */
export function notifierDelivery(marked: boolean): string {
  const notification: AlarmNotification = {
    schemaVersion: 1,
    alarm: 'UnknownSourceRequests',
    state: 'ALARM',
    applicationName: 'UNKNOWN',
    contact: null,
    windowStart: null,
    windowEnd: null,
    requestCount: null,
    threshold: 100,
    alarmAt: '2026-12-05T18:47:50.000Z',
    sentAt: '2026-12-05T18:47:55.000Z',
    topHosts: [],
  };
  const subject = 'ALARM UNKNOWN flood (>100)';
  const attributes: Record<string, string> = {
    applicationName: 'UNKNOWN',
    alarm: 'UnknownSourceRequests',
    state: 'ALARM',
  };
  if (!marked) return envelope(subject, notification, attributes);
  return envelope(`${VERIFY_TEST_MARK.subjectPrefix}${subject}`, notification, {
    ...attributes,
    [VERIFY_TEST_MARK.attributeName]: VERIFY_TEST_MARK.attributeValue,
  });
}
