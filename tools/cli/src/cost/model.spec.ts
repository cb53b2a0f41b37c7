import { MONTH_SECONDS, small } from './__fixtures__/inputs';
import { DEFAULT_INPUTS } from './inputs';
import { estimateMonthlyCost } from './model';
import type { CostReport } from './report';

const line = (report: CostReport, item: string) => {
  const found = report.lines.find((l) => l.item.startsWith(item));
  if (!found) throw new Error(`no line ${item}`);
  return found;
};

describe('estimateMonthlyCost', () => {
  const report = estimateMonthlyCost(small);

  it('prices Kinesis on-demand data in with each record rounded up to 1 KB', () => {
    const aggregates = 43_800 * 3; // minutes x (1 app + UNKNOWN + pipeline record)
    expect(report.derived.aggregateRecords).toBe(aggregates);
    const kb = MONTH_SECONDS + aggregates; // 1,000 B lines and 600 B aggregates are 1 KB each
    expect(line(report, 'data in').usd).toBeCloseTo((kb / 1024 / 1024) * 0.08, 10);
    expect(line(report, 'stream-hours').usd).toBeCloseTo(2 * 730 * 0.04, 10);
  });

  it('prices provisioned shard-hours and 25 KB PUT payload units', () => {
    expect(line(report, 'shard-hours').usd).toBeCloseTo(2 * 730 * 0.015, 10);
    expect(line(report, 'PUT payload units').quantity).toBe(MONTH_SECONDS + 43_800 * 3);
    expect(line(report, 'PUT payload units').usd).toBeCloseTo(
      ((MONTH_SECONDS + 131_400) / 1e6) * 0.014,
      10,
    );
  });

  it('counts 4 metrics per application (UNKNOWN included) plus 3 pipeline metrics', () => {
    expect(report.derived.customMetrics).toBe(11);
    expect(line(report, 'custom metrics').usd).toBeCloseTo(3.3, 10);
    // 20 alarms: 2 metric, ApplicationFlood, input write throttling, per function sustained
    // throttles, destination delivery failures and its queue, iterator age for the consumers
    // (no alarm on errors alone since issue 21), the archive's delivery and read lag (issue 24).
    // 19 standard alarms at $0.10; ApplicationFlood, a Metrics Insights alarm, at $0.10 per
    // metric it analyzes: one per application.
    expect(line(report, 'alarms')).toMatchObject({ quantity: 20 });
    expect(line(report, 'alarms').usd).toBeCloseTo(1.9, 10);
    expect(line(report, 'ApplicationFlood metrics analyzed')).toMatchObject({ quantity: 1 });
    const many = estimateMonthlyCost({ ...small, apps: 500 });
    expect(line(many, 'ApplicationFlood metrics analyzed').usd).toBeCloseTo(50, 10);
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
