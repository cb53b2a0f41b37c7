import { classifyAlarmEvent } from './alarm-event';
import { parseReasonData, parseStateReason } from './reason-figures';
import { contributorEvent, floodAlarmLevelEvent, unknownAlarmEvent } from './__fixtures__/events';

describe('classifyAlarmEvent', () => {
  it('reads application, value, window and threshold from a contributor event', () => {
    const c = classifyAlarmEvent(contributorEvent('checkout', 'ALARM'));
    expect(c).toEqual({
      kind: 'change',
      change: expect.objectContaining({
        alarm: 'ApplicationFlood',
        state: 'ALARM',
        applicationName: 'checkout',
        value: 12345,
        threshold: 10000,
        // "(01/12/25 13:35:00)" is day/month/year, as in the documented examples.
        windowStart: '2025-12-01T13:35:00.000Z',
        // detail.state.timestamp, whose offset has no colon.
        alarmAt: '2025-12-01T13:42:04.919Z',
      }),
    });
  });

  it("falls back to the event's time for alarmAt, and to null without either", () => {
    const event = contributorEvent('checkout', 'ALARM');
    const noStateTime = { ...event, detail: { ...event.detail, state: { value: 'ALARM' } } };
    const change = (e: unknown) => {
      const c = classifyAlarmEvent(e);
      return c.kind === 'change' ? c.change.alarmAt : 'ignored';
    };
    expect(change(noStateTime)).toBe('2025-12-01T13:42:04.000Z');
    expect(change({ ...noStateTime, time: undefined })).toBeNull();
  });

  it('reads the UNKNOWN alarm from its reasonData', () => {
    const c = classifyAlarmEvent(unknownAlarmEvent('ALARM', 912));
    expect(c).toEqual({
      kind: 'change',
      change: expect.objectContaining({
        alarm: 'UnknownSourceRequests',
        applicationName: 'UNKNOWN',
        value: 912,
        threshold: 100,
        windowStart: '2025-12-01T13:35:00.000Z',
        alarmAt: '2025-12-01T13:46:40.987Z',
      }),
    });
  });

  it('ignores the Metrics Insights alarm-level summary, INSUFFICIENT_DATA and foreign events', () => {
    expect(classifyAlarmEvent(floodAlarmLevelEvent()).kind).toBe('ignored');
    expect(classifyAlarmEvent(unknownAlarmEvent('INSUFFICIENT_DATA')).kind).toBe('ignored');
    expect(classifyAlarmEvent({ 'detail-type': 'Object Created', detail: {} }).kind).toBe(
      'ignored',
    );
    expect(classifyAlarmEvent('junk').kind).toBe('ignored');
    expect(classifyAlarmEvent(null).kind).toBe('ignored');
  });

  it('keeps a contributor change whose reason it cannot read, with nulls', () => {
    const c = classifyAlarmEvent(contributorEvent('search', 'OK', 'something else'));
    expect(c).toEqual({
      kind: 'change',
      change: expect.objectContaining({ value: null, windowStart: null, threshold: null }),
    });
  });
});

describe('reason parsers', () => {
  it('takes the datapoint time as the start of its period, on the minute (periods slide)', () => {
    expect(parseStateReason('x [3.5E4 (31/01/26 09:07:30)] threshold (10.0)')).toEqual({
      value: 35000,
      windowStart: '2026-01-31T09:07:00.000Z',
      threshold: 10,
    });
  });

  it('names, for ALARM, the newest breaching data point of those a reason lists', () => {
    const reason =
      'Threshold Crossed: 1 out of the last 2 datapoints [40.0 (01/12/25 13:40:00), 912.0 (01/12/25 13:35:00)] was greater than the threshold (100.0) (minimum 1 datapoint for OK -> ALARM transition).';
    expect(parseStateReason(reason, 'ALARM')).toEqual({
      value: 912,
      windowStart: '2025-12-01T13:35:00.000Z',
      threshold: 100,
    });
    expect(parseStateReason(reason, 'OK')).toMatchObject({ value: 40 });
  });

  it('prefers evaluatedDatapoints, whose timestamps say which 5 minutes each sums', () => {
    const data = JSON.stringify({
      startDate: '2025-12-01T13:31:00.000+0000',
      period: 300,
      recentDatapoints: [150, 90],
      threshold: 100,
      evaluatedDatapoints: [
        { timestamp: '2025-12-01T13:36:00.000+0000', value: 90 },
        { timestamp: '2025-12-01T13:31:00.000+0000', value: 150 },
      ],
    });
    expect(parseReasonData(data, 'ALARM')).toEqual({
      value: 150,
      windowStart: '2025-12-01T13:31:00.000Z',
      threshold: 100,
    });
  });

  it('takes the newest of several recent datapoints', () => {
    const data = JSON.stringify({
      startDate: '2025-12-01T13:30:00.000+0000',
      period: 300,
      recentDatapoints: [150, 200],
      threshold: 100,
    });
    expect(parseReasonData(data)).toEqual({
      value: 200,
      windowStart: '2025-12-01T13:35:00.000Z',
      threshold: 100,
    });
    expect(parseReasonData('{not json')).toEqual({
      value: null,
      windowStart: null,
      threshold: null,
    });
  });
});
