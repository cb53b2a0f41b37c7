import {
  LINE_TO_AGGREGATOR_MS,
  STAGE_DELAYS,
  STATE_CHANGE_TO_NOTIFIED_MS,
  WINDOW_END_TO_CLOUDWATCH_MS,
  tumblingWindowEndMs,
} from './index';

describe('STAGE_DELAYS (ARCHITECTURE.md section 6b)', () => {
  it('names a source for every stage: a documentation page, or why the choice is conservative', () => {
    for (const [stage, delay] of Object.entries(STAGE_DELAYS)) {
      expect([stage, delay.ms >= 0]).toEqual([stage, true]);
      expect(delay.source).toMatch(/https:\/\/|documentation silent: conservative/);
    }
  });

  it('adds the stages of each leg', () => {
    expect(LINE_TO_AGGREGATOR_MS).toBe(3_000);
    expect(WINDOW_END_TO_CLOUDWATCH_MS).toBe(37_000);
    expect(STATE_CHANGE_TO_NOTIFIED_MS).toBe(20_000);
  });

  it('flushes a record at the end of its aligned 60 s arrival window', () => {
    const minute = Date.parse('2020-12-09T07:04:00Z');
    expect(tumblingWindowEndMs(minute)).toBe(minute + 60_000);
    expect(tumblingWindowEndMs(minute + 59_999)).toBe(minute + 60_000);
    // A minute's last seconds, after the shipper and the stream, land in the next window.
    expect(tumblingWindowEndMs(minute + 58_000 + LINE_TO_AGGREGATOR_MS)).toBe(minute + 120_000);
  });
});
