import type { RecentTopHosts } from '@fleetlog/pipeline-config';
import { findApplicationPeriod } from './lookups';

const minute = (mm: number) => `2025-12-01T13:${String(mm).padStart(2, '0')}:00.000Z`;
const window = (mm: number, requestCount: number, host = '10.0.0.1') => ({
  windowStart: minute(mm),
  applications: [
    {
      applicationName: 'checkout',
      contact: mm === 33 ? null : 'team@x',
      requestCount,
      topHosts: [{ host, requestCount }],
    },
  ],
});
// Newest first, as the publisher writes it.
const recent: RecentTopHosts = {
  schemaVersion: 1,
  updatedAt: minute(45),
  windows: [window(41, 1000), window(40, 100, '10.0.0.2'), window(36, 10), window(33, 1)],
};

describe('findApplicationPeriod', () => {
  it("sums the minutes of the alarm's 5 minutes, and no others", () => {
    expect(findApplicationPeriod(recent, 'checkout', minute(36), 300)).toEqual({
      windowStart: minute(36),
      contact: 'team@x',
      requestCount: 110, // 13:36 and 13:40; 13:41 is after the period
      topHosts: [
        { host: '10.0.0.2', requestCount: 100 },
        { host: '10.0.0.1', requestCount: 10 },
      ],
    });
    expect(findApplicationPeriod(recent, 'checkout', minute(32), 300)?.requestCount).toBe(11);
  });

  it('takes the 5 minutes ending with the newest minute when the alarm names no period', () => {
    const found = findApplicationPeriod(recent, 'checkout', null, 300);
    expect(found).toMatchObject({ windowStart: minute(37), requestCount: 1100 });
  });

  it('finds nothing for an unknown application or a period the object no longer holds', () => {
    expect(findApplicationPeriod(recent, 'search', minute(36), 300)).toBeUndefined();
    expect(findApplicationPeriod(recent, 'checkout', minute(20), 300)).toBeUndefined();
    expect(findApplicationPeriod(undefined, 'checkout', null, 300)).toBeUndefined();
  });
});
