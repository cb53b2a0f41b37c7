// The notifier's message tells one story (window, count and hosts of the same 5 minutes) and marks
// the tests of fleetlog verify; against s3rver and a mocked SNS client, as handler.spec.ts.
import { VERIFY_TEST_MARK } from '@fleetlog/pipeline-config';
import { SUBJECT_MAX_LENGTH } from './message';
import { contributorEvent, unknownAlarmEvent } from './__fixtures__/events';
import { useNotifierHarness } from './__fixtures__/harness';

const { notifier, published } = useNotifierHarness();

describe('notifier message', () => {
  it('tells one story: the count of the same 5 minutes as its hosts, never below them', async () => {
    // The alarm evaluated 11,000 (a late partial of 13:38 had not reached CloudWatch yet); by the
    // time the message goes out the publisher's object holds it: 12,345 in the same 5 minutes.
    const reason = (v: number) =>
      `Threshold Crossed: 1 datapoint was greater than the threshold (10000.0). The most recent datapoint which crossed the threshold: [${v}.0 (01/12/25 13:35:00)].`;
    const handle = notifier();
    await handle(contributorEvent('checkout', 'ALARM', reason(11000)));
    // A stale object (a write lost) counts less than the alarm saw: the alarm's count stands.
    await handle(contributorEvent('checkout', 'ALARM', reason(13000)));
    await handle(unknownAlarmEvent('ALARM', 850));
    const messages = published().map((p) => JSON.parse(p.Message ?? ''));
    expect(messages.map((m) => [m.windowStart, m.windowEnd, m.requestCount])).toEqual([
      ['2025-12-01T13:35:00.000Z', '2025-12-01T13:40:00.000Z', 12345],
      ['2025-12-01T13:35:00.000Z', '2025-12-01T13:40:00.000Z', 13000],
      ['2025-12-01T13:35:00.000Z', '2025-12-01T13:40:00.000Z', 912],
    ]);
    for (const m of messages) {
      const hosts = m.topHosts as { requestCount: number }[];
      expect(hosts.length).toBeGreaterThan(0);
      for (const h of hosts) expect(h.requestCount).toBeLessThanOrEqual(m.requestCount);
      expect(hosts.reduce((n, h) => n + h.requestCount, 0)).toBeLessThanOrEqual(m.requestCount);
    }
  });

  it('takes the window of the data point that breached when two periods were evaluated', async () => {
    // EvaluationPeriods 2, DatapointsToAlarm 1: the older, complete period breached, the newer
    // not yet. The window is the older one's, with its value.
    const event = unknownAlarmEvent('ALARM', 912);
    const reasonData = JSON.stringify({
      version: '1.0',
      queryDate: '2025-12-01T13:45:40.985+0000',
      startDate: '2025-12-01T13:35:00.000+0000',
      statistic: 'Sum',
      period: 300,
      recentDatapoints: [912, 40],
      threshold: 100.0,
      evaluatedDatapoints: [
        { timestamp: '2025-12-01T13:40:00.000+0000', sampleCount: 4, value: 40 },
        { timestamp: '2025-12-01T13:35:00.000+0000', sampleCount: 5, value: 912 },
      ],
    });
    await notifier()({
      ...event,
      detail: { ...event.detail, state: { ...event.detail.state, reasonData } },
    });
    expect(JSON.parse(published()[0].Message ?? '')).toMatchObject({
      windowStart: '2025-12-01T13:35:00.000Z',
      requestCount: 912,
      topHosts: [{ host: '192.0.2.66' }, { host: '203.0.113.10' }],
    });
  });

  it('marks a test forced by fleetlog verify in the subject and an attribute', async () => {
    const event = unknownAlarmEvent('ALARM', 912);
    const reason = `${VERIFY_TEST_MARK.reasonPrefix} run-7: forced by fleetlog verify; nothing is wrong`;
    const result = await notifier()({
      ...event,
      detail: {
        ...event.detail,
        state: { value: 'ALARM', reason, timestamp: '2025-12-01T13:46:40.987+0000' },
      },
    });
    const input = published()[0];
    expect(result.test).toBe(true);
    expect(input.Subject).toMatch(/^\[TEST\] ALARM UNKNOWN flood/);
    expect(input.Subject?.length).toBeLessThanOrEqual(SUBJECT_MAX_LENGTH);
    expect(input.MessageAttributes?.['test']).toEqual({
      DataType: 'String',
      StringValue: 'fleetlog-verify',
    });
    // A real state change is not marked.
    await notifier()(unknownAlarmEvent('ALARM', 912));
    expect(published()[1].Subject).toMatch(/^ALARM UNKNOWN/);
    expect(published()[1].MessageAttributes?.['test']).toBeUndefined();
  });
});
