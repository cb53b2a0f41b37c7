import {
  DEFAULT_INPUTS,
  consumerInvocations,
  estimateMonthlyCost,
  lambdaGbSeconds,
  shardsForPeak,
} from './model';
import type { CostInputs, CostReport } from './model';

const MONTH_SECONDS = 730 * 3600; // 2,628,000
const line = (report: CostReport, item: string) => {
  const found = report.lines.find((l) => l.item.startsWith(item));
  if (!found) throw new Error(`no line ${item}`);
  return found;
};

/** One line a second of 1,000-byte lines, one application, one shard. */
const small: CostInputs = {
  ...DEFAULT_INPUTS,
  linesPerMonth: MONTH_SECONDS,
  apps: 1,
  shards: 1,
  lineBytes: 1000,
  linesPerRecord: 1,
  peakFactor: 1,
  secondsPerRecord: 1e-6,
  invocationOverheadMs: 0,
};

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

describe('shardsForPeak', () => {
  it('sizes by records/s or MB/s, whichever needs more, at least one', () => {
    expect(shardsForPeak({ ...small, linesPerMonth: 0 })).toBe(1);
    // 2,500 records/s peak of 200 B: 3 shards by record count.
    expect(shardsForPeak({ ...small, lineBytes: 200, linesPerMonth: MONTH_SECONDS * 2500 })).toBe(
      3,
    );
    // 100 lines of 100 B packed per record: 50 records/s but 2.5 MB/s.
    expect(
      shardsForPeak({
        ...small,
        lineBytes: 100,
        linesPerRecord: 100,
        linesPerMonth: MONTH_SECONDS * 5000 * 5.24288,
      }),
    ).toBe(3);
  });
});

describe('estimateMonthlyCost', () => {
  const report = estimateMonthlyCost(small);

  it('prices Kinesis on-demand data in with each record rounded up to 1 KB', () => {
    const aggregates = 8760 * 3; // windows x (1 app + UNKNOWN + pipeline record)
    expect(report.derived.aggregateRecords).toBe(aggregates);
    const kb = MONTH_SECONDS + aggregates; // 1,000 B lines and 600 B aggregates are 1 KB each
    expect(line(report, 'data in').usd).toBeCloseTo((kb / 1024 / 1024) * 0.08, 10);
    expect(line(report, 'stream-hours').usd).toBeCloseTo(2 * 730 * 0.04, 10);
  });

  it('prices provisioned shard-hours and 25 KB PUT payload units', () => {
    expect(line(report, 'shard-hours').usd).toBeCloseTo(2 * 730 * 0.015, 10);
    expect(line(report, 'PUT payload units').quantity).toBe(MONTH_SECONDS + 8760 * 3);
    expect(line(report, 'PUT payload units').usd).toBeCloseTo(
      ((MONTH_SECONDS + 26280) / 1e6) * 0.014,
      10,
    );
  });

  it('counts 4 metrics per application (UNKNOWN included) plus 3 pipeline metrics', () => {
    expect(report.derived.customMetrics).toBe(11);
    expect(line(report, 'custom metrics').usd).toBeCloseTo(3.3, 10);
    expect(line(report, 'alarms').usd).toBeCloseTo(1, 10);
    expect(line(report, 'dashboard').usd).toBe(3);
  });

  it('keeps PutMetricData at no more than one call per 1,000 data points once batches are full', () => {
    const big = estimateMonthlyCost({ ...small, apps: 200, shards: 8 });
    expect(big.derived.putMetricDataCalls).toBeLessThanOrEqual(
      Math.ceil(big.derived.metricDataPoints / 1000) + big.derived.publisherInvocations,
    );
    expect(big.derived.putMetricDataCalls).toBeGreaterThanOrEqual(
      big.derived.metricDataPoints / 1000,
    );
  });

  it('bills the aggregator for measured CPU per record at its memory size', () => {
    // 2,628,000 records x 1 us = 2.628 CPU-s; 512 MB gets 512/1769 of a vCPU.
    const cpuOnly = (512 / 1024) * (2.628 / (512 / 1769));
    expect(report.derived.aggregatorGbSeconds).toBeCloseTo(cpuOnly, 6);
    const slower = estimateMonthlyCost({ ...small, secondsPerRecord: 2e-6 });
    expect(slower.derived.aggregatorGbSeconds).toBeCloseTo(2 * cpuOnly, 6);
  });

  it('puts the KDA SQL and Flink minimum floors under any volume', () => {
    const tiny = estimateMonthlyCost({ ...small, linesPerMonth: 1 });
    const [, sql, flink] = tiny.alternatives;
    expect(sql.kpus).toBe(1);
    expect(sql.computeUsd).toBeCloseTo(730 * 0.11, 10); // $80.30
    expect(flink.computeUsd).toBeCloseTo(2 * 730 * 0.11 + 50 * 0.1, 10); // $165.60
    expect(tiny.alternatives[0].computeUsd).toBeLessThan(1);
  });

  it('scales KPUs with the peak input rate', () => {
    const busy = estimateMonthlyCost({
      ...small,
      linesPerMonth: MONTH_SECONDS * 5000,
      lineBytes: 1048.576,
    });
    // 5,000 lines/s x 1,048.576 B = 5 MB/s at 1 MB/s per KPU.
    expect(busy.alternatives[1].kpus).toBe(5);
    expect(busy.alternatives[2].computeUsd).toBeCloseTo(6 * 730 * 0.11 + 250 * 0.1, 10);
  });

  it('never gets cheaper as lines grow, with shards computed or fixed', () => {
    const volumes = [0, 1e3, 1e6, 1e8, 1e9, 1e10, 1e11];
    for (const shards of [undefined, 4]) {
      const totals = volumes.map((v) =>
        estimateMonthlyCost({ ...DEFAULT_INPUTS, linesPerMonth: v, shards }),
      );
      for (let i = 1; i < totals.length; i++) {
        expect(totals[i].onDemandUsd).toBeGreaterThanOrEqual(totals[i - 1].onDemandUsd);
        expect(totals[i].provisionedUsd).toBeGreaterThanOrEqual(totals[i - 1].provisionedUsd);
        expect(totals[i].totalUsd).toBeGreaterThanOrEqual(totals[i - 1].totalUsd);
      }
    }
  });

  it('totals are the sums of their lines and pick the cheaper Kinesis mode', () => {
    const common = report.lines
      .filter((l) => !l.group.startsWith('Kinesis'))
      .reduce((s, l) => s + l.usd, 0);
    expect(report.commonUsd).toBeCloseTo(common, 10);
    expect(report.totalUsd).toBe(Math.min(report.onDemandUsd, report.provisionedUsd));
  });

  it('rejects impossible inputs with a clear error', () => {
    expect(() => estimateMonthlyCost({ ...small, linesPerMonth: -1 })).toThrow(/linesPerMonth/);
    expect(() => estimateMonthlyCost({ ...small, lineBytes: 0 })).toThrow(/lineBytes/);
    expect(() => estimateMonthlyCost({ ...small, shards: 1.5 })).toThrow(/shards/);
  });
});
