import { consumerInvocations, lambdaGbSeconds } from './lambda';

describe('lambdaGbSeconds', () => {
  it('bills memory x time, stretching CPU work below one full vCPU (1,769 MB)', () => {
    expect(lambdaGbSeconds(1769, 2, 0)).toBeCloseTo((1769 / 1024) * 2, 12);
    expect(lambdaGbSeconds(512, 1, 0)).toBeCloseTo((512 / 1024) * (1769 / 512), 12);
    expect(lambdaGbSeconds(3538, 1, 0)).toBeCloseTo(3538 / 1024, 12); // no speed-up past 1 vCPU
    expect(lambdaGbSeconds(512, 0, 4)).toBe(2);
  });
});

describe('consumerInvocations', () => {
  it('is zero without records and full batches at high rates', () => {
    expect(consumerInvocations(0, 1, 1000)).toBe(0);
    expect(consumerInvocations(1e11, 4, 1000)).toBe(1e8);
  });
  it('invokes about once per record when records are rarer than the 1 s poll', () => {
    const n = consumerInvocations(1000, 1, 1000);
    expect(n).toBeGreaterThan(999);
    expect(n).toBeLessThanOrEqual(1000);
  });
});
