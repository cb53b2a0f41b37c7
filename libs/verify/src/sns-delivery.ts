import { VERIFY_TEST_MARK, type AlarmNotification } from '@fleetlog/pipeline-config';

/** An SNS message as SQS receives it without raw delivery: the JSON envelope. */
export interface SnsDelivery {
  /** `Notification` or `SubscriptionConfirmation` (and `UnsubscribeConfirmation`). */
  readonly type: string;
  readonly subject: string | undefined;
  readonly message: string;
  /** Message attributes, name → value. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The confirmation token of a SubscriptionConfirmation. */
  readonly token: string | undefined;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function parseJson(text: string): Json | undefined {
  try {
    return object(JSON.parse(text));
  } catch {
    return undefined;
  }
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The envelope of an SQS message body; undefined when the body is not one. */
export function parseSnsDelivery(body: string | undefined): SnsDelivery | undefined {
  const envelope = body === undefined ? undefined : parseJson(body);
  const type = str(envelope?.['Type']);
  if (!envelope || !type) return undefined;
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(object(envelope['MessageAttributes']) ?? {})) {
    const v = str(object(value)?.['Value']);
    if (v !== undefined) attributes[name] = v;
  }
  return {
    type,
    subject: str(envelope['Subject']),
    message: str(envelope['Message']) ?? '',
    attributes,
    token: str(envelope['Token']),
  };
}

/** What a delivery on the alarm topic is. */
export type DeliveryKind =
  | { kind: 'notifier'; notification: AlarmNotification }
  | { kind: 'cloudwatch'; alarmName: string }
  | { kind: 'confirmation'; token: string }
  | { kind: 'other' };

/**
 * The notifier's message (ARCHITECTURE.md section 6a), CloudWatch's own alarm message (it has
 * `AlarmName`), a subscription confirmation, or something else.
 */
export function classifyDelivery(delivery: SnsDelivery): DeliveryKind {
  if (delivery.type === 'SubscriptionConfirmation' && delivery.token) {
    return { kind: 'confirmation', token: delivery.token };
  }
  if (delivery.type !== 'Notification') return { kind: 'other' };
  const message = parseJson(delivery.message);
  if (!message) return { kind: 'other' };
  const alarmName = str(message['AlarmName']);
  if (alarmName) return { kind: 'cloudwatch', alarmName };
  const state = message['state'];
  if (
    message['schemaVersion'] === 1 &&
    typeof message['alarm'] === 'string' &&
    (state === 'ALARM' || state === 'OK') &&
    typeof message['applicationName'] === 'string'
  ) {
    return { kind: 'notifier', notification: message as unknown as AlarmNotification };
  }
  return { kind: 'other' };
}

/** What of the test mark (VERIFY_TEST_MARK) a delivery lacks; empty when it is marked. */
export function missingTestMark(delivery: SnsDelivery): string[] {
  const missing: string[] = [];
  if (!delivery.subject?.startsWith(VERIFY_TEST_MARK.subjectPrefix)) {
    missing.push(`subject starting ${JSON.stringify(VERIFY_TEST_MARK.subjectPrefix)}`);
  }
  if (delivery.attributes[VERIFY_TEST_MARK.attributeName] !== VERIFY_TEST_MARK.attributeValue) {
    missing.push(`attribute ${VERIFY_TEST_MARK.attributeName}=${VERIFY_TEST_MARK.attributeValue}`);
  }
  return missing;
}
