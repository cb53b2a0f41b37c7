import { classifyAlarmEvent } from '@fleetlog/notifier';
import { alarmStateChangeEvent, type ModelledStateChange } from './alarm-events';

const base: ModelledStateChange = {
  alarm: 'UnknownSourceRequests',
  applicationName: 'UNKNOWN',
  state: 'ALARM',
  at: '2026-12-06T01:37:00.000Z',
  trigger: { start: '2026-12-06T01:32:00.000Z', end: '2026-12-06T01:37:00.000Z', value: 888 },
  threshold: 100,
  namespace: 'FleetLog',
};

function changeOf(event: object) {
  const c = classifyAlarmEvent(event);
  if (c.kind !== 'change') throw new Error(`ignored: ${c.reason}`);
  return c.change;
}

describe('alarmStateChangeEvent', () => {
  it("gives a metric alarm CloudWatch's reasonData, dated at the start of the 5 minutes", () => {
    const event = alarmStateChangeEvent(base) as {
      'detail-type': string;
      detail: { state: { reason: string; reasonData: string; timestamp: string } };
    };
    expect(event['detail-type']).toBe('CloudWatch Alarm State Change');
    expect(event.detail.state.timestamp).toBe('2026-12-06T01:37:00.000+0000');
    expect(event.detail.state.reason).toContain('[888.0 (06/12/26 01:32:00)]');
    expect(JSON.parse(event.detail.state.reasonData)).toMatchObject({
      startDate: '2026-12-06T01:32:00.000+0000',
      period: 300,
      recentDatapoints: [888],
      evaluatedDatapoints: [{ timestamp: '2026-12-06T01:32:00.000+0000', value: 888 }],
    });
    expect(changeOf(event)).toMatchObject({
      alarm: 'UnknownSourceRequests',
      state: 'ALARM',
      windowStart: '2026-12-06T01:32:00.000Z',
      value: 888,
      threshold: 100,
      alarmAt: '2026-12-06T01:37:00.000Z',
    });
  });

  it('gives a contributor its own event, read back with its window and value', () => {
    const change = changeOf(
      alarmStateChangeEvent({
        ...base,
        alarm: 'ApplicationFlood',
        applicationName: 'checkout',
        state: 'OK',
        trigger: { start: '2026-12-06T01:21:00.000Z', end: '2026-12-06T01:26:00.000Z', value: 931 },
        threshold: 1500,
      }),
    );
    expect(change).toMatchObject({
      alarm: 'ApplicationFlood',
      applicationName: 'checkout',
      state: 'OK',
      windowStart: '2026-12-06T01:21:00.000Z',
      value: 931,
      threshold: 1500,
    });
  });

  it('names no data point when the model had none (a contributor no longer returned)', () => {
    const change = changeOf(
      alarmStateChangeEvent({
        ...base,
        alarm: 'ApplicationFlood',
        applicationName: 'checkout',
        state: 'OK',
        trigger: null,
      }),
    );
    expect(change).toMatchObject({ state: 'OK', windowStart: null, value: null });
    expect(changeOf(alarmStateChangeEvent({ ...base, state: 'OK', trigger: null }))).toMatchObject({
      state: 'OK',
      windowStart: null,
      value: null,
    });
  });
});
