import { HOURS_PER_MONTH, PRICES } from './prices';

describe('price table', () => {
  it('gives every price a positive amount, a unit, an AWS source page and the day it was read', () => {
    for (const [name, price] of Object.entries(PRICES)) {
      expect({ name, ok: Number.isFinite(price.usd) && price.usd > 0 }).toEqual({ name, ok: true });
      expect(price.unit).not.toBe('');
      expect(price.source).toMatch(/^https:\/\/(aws\.amazon\.com|docs\.aws\.amazon\.com)\//);
      expect(price.readOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number.isNaN(Date.parse(price.readOn))).toBe(false);
    }
  });

  it('prices KDA SQL and Flink per KPU-hour over a 730-hour month', () => {
    expect(HOURS_PER_MONTH).toBe(730);
    expect(PRICES.kinesisAnalyticsSqlKpuHour.unit).toMatch(/KPU-hour/);
    expect(PRICES.flinkKpuHour.unit).toMatch(/KPU-hour/);
  });
});
