import { VERIFY_TEST_MARK } from '@fleetlog/pipeline-config';
import { notifierDelivery, rawAlarmDelivery } from './__fixtures__/deliveries';
import {
  classifyDelivery,
  missingTestMark,
  parseSnsDelivery,
  type SnsDelivery,
} from './sns-delivery';

/** The envelope of a body the spec knows to be one. */
function parsed(body: string): SnsDelivery {
  const delivery = parseSnsDelivery(body);
  if (!delivery) throw new Error(`not an SNS envelope: ${body}`);
  return delivery;
}

describe('SNS deliveries in the temporary queue', () => {
  it('reads the envelope: subject, message and attributes', () => {
    const delivery = parseSnsDelivery(notifierDelivery(true));
    expect(delivery).toMatchObject({
      type: 'Notification',
      subject: `${VERIFY_TEST_MARK.subjectPrefix}ALARM UNKNOWN flood (>100)`,
      attributes: { applicationName: 'UNKNOWN', test: 'fleetlog-verify' },
    });
  });

  it("tells the notifier message from CloudWatch's own and from a confirmation", () => {
    const ours = classifyDelivery(parsed(notifierDelivery(true)));
    expect(ours).toMatchObject({
      kind: 'notifier',
      notification: { alarm: 'UnknownSourceRequests', state: 'ALARM' },
    });
    expect(classifyDelivery(parsed(rawAlarmDelivery()))).toEqual({
      kind: 'cloudwatch',
      alarmName: 'fleetlog-test-UnknownSourceRequests',
    });
    const confirmation = JSON.stringify({
      Type: 'SubscriptionConfirmation',
      Token: 't1',
      Message: 'x',
    });
    expect(classifyDelivery(parsed(confirmation))).toEqual({
      kind: 'confirmation',
      token: 't1',
    });
  });

  it('says what of the test mark is missing', () => {
    expect(missingTestMark(parsed(notifierDelivery(true)))).toEqual([]);
    expect(missingTestMark(parsed(notifierDelivery(false)))).toEqual([
      'subject starting "[TEST] "',
      'attribute test=fleetlog-verify',
    ]);
  });

  it('ignores bodies that are not SNS envelopes', () => {
    expect(parseSnsDelivery(undefined)).toBeUndefined();
    expect(parseSnsDelivery('not json')).toBeUndefined();
    expect(parseSnsDelivery('{"no":"type"}')).toBeUndefined();
    const other = parsed(JSON.stringify({ Type: 'Notification', Message: 'plain text' }));
    expect(classifyDelivery(other)).toEqual({ kind: 'other' });
  });
});
