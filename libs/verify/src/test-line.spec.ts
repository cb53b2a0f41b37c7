import { parseCombinedLine } from '@fleetlog/log-schema';
import { testLine } from './test-line';

describe('testLine', () => {
  const at = Date.parse('2026-12-05T18:45:20.123Z');

  it('is a combined-format line from TEST-NET-1 with the marker in path and user agent', () => {
    const line = testLine('abc123', at);
    const parsed = parseCombinedLine(line.line);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.record).toMatchObject({
      host: line.host,
      path: '/fleetlog-verify/abc123',
      userAgent: 'fleetlog-verify/abc123',
      status: 200,
    });
    expect(line.host).toMatch(/^192\.0\.2\.(\d+)$/);
    const last = Number(line.host.split('.')[3]);
    expect(last).toBeGreaterThanOrEqual(1);
    expect(last).toBeLessThanOrEqual(254);
  });

  it('is timestamped now, in the minute it names', () => {
    const line = testLine('abc123', at);
    expect(parseCombinedLine(line.line)).toMatchObject({
      record: { time: '2026-12-05T18:45:20.000Z' },
    });
    expect(new Date(line.minuteStartMs).toISOString()).toBe('2026-12-05T18:45:00.000Z');
  });
});
