import { ATHENA_USD_PER_TB_SCANNED } from '@fleetlog/analytics-sql';
import { ARCHIVE_SETTINGS } from '@fleetlog/pipeline-config';
import { archiveLines, archiveUsage, DAYS_PER_MONTH } from './archive';
import { DEFAULT_INPUTS } from './inputs';
import { PRICES } from './prices';

const BILLION = 1e9;
const inputs = { ...DEFAULT_INPUTS, linesPerMonth: BILLION };
const usage = archiveUsage(inputs, BILLION, inputs.lineBytes);
const line = (item: string) => {
  const found = archiveLines(usage, PRICES).find((l) => l.item === item);
  if (!found) throw new Error(`no line ${item}`);
  return found;
};

describe('the archive in the monthly bill (1 billion lines, 20 drill-downs a day)', () => {
  it('bills Firehose ingestion per record rounded up to 5 KB, partitioning per GB of JSON and per object', () => {
    // 200-byte lines, one per record: each billed as 5 KB.
    expect(usage.ingestedGb).toBeCloseTo((BILLION * 5 * 1024) / 1024 ** 3, 6);
    expect(line('ingestion (5 KB per record)').usd).toBeCloseTo(usage.ingestedGb * 0.029, 6);
    const packed = archiveUsage(inputs, BILLION / 20, inputs.lineBytes * 20);
    expect(packed.ingestedGb).toBeCloseTo(usage.ingestedGb / 20, 6);
    expect(usage.partitionedGb).toBeCloseTo((BILLION * 450) / 1024 ** 3, 6);
    // One object a minute (the current hour's partition; 10 MB of JSON a minute < 64 MB).
    expect(usage.objects).toBe(43_800);
    expect(line('partitioned objects').usd).toBeCloseTo(43.8 * 0.005, 10);
    expect(line('archive PUT requests').usd).toBeCloseTo(43.8 * 0.005, 10);
  });

  it('invokes the transformation once per 1 MB of input, at its deployed memory', () => {
    expect(usage.transformerInvocations).toBe(
      Math.ceil((BILLION * 200) / ARCHIVE_SETTINGS.transformerBatchBytes),
    );
    const bigger = archiveUsage({ ...inputs, transformerSecondsPerLine: 20e-6 }, BILLION, 200);
    expect(bigger.transformerGbSeconds).toBeGreaterThan(usage.transformerGbSeconds);
  });

  it('keeps 14 bytes of gzip a line: 30 days in Standard, 60 in Standard-IA, at steady state', () => {
    const gbPerDay = (BILLION * 14) / DAYS_PER_MONTH / 1024 ** 3;
    expect(usage.standardGbMonth).toBeCloseTo(gbPerDay * ARCHIVE_SETTINGS.transitionDays, 6);
    expect(usage.infrequentAccessGbMonth).toBeCloseTo(
      gbPerDay * (ARCHIVE_SETTINGS.expirationDays - ARCHIVE_SETTINGS.transitionDays),
      6,
    );
    // 1,000,000 lines are 14 MB of gzip: the measured figure of libs/archive/README.md.
    expect(1e6 * inputs.archiveGzipLineBytes).toBe(14e6);
    expect(line('archive storage (Standard-IA)').usd).toBeCloseTo(
      usage.infrequentAccessGbMonth * 0.0125,
      10,
    );
  });

  it('prices each drill-down at one hour of a day scanned, at ATHENA_USD_PER_TB_SCANNED', () => {
    expect(usage.queries).toBeCloseTo(20 * DAYS_PER_MONTH, 6);
    expect(usage.bytesPerQuery).toBeCloseTo((BILLION * 14) / DAYS_PER_MONTH / 24, 3);
    expect(PRICES.athenaTbScanned.usd).toBe(ATHENA_USD_PER_TB_SCANNED);
    const athena = line('drill-downs (one hour each)');
    expect(athena.usd).toBeCloseTo(((usage.queries * usage.bytesPerQuery) / 1e12) * 5, 10);
    // A small archive still pays Athena's 10 MB minimum per query.
    const small = archiveUsage({ ...inputs, linesPerMonth: 1e6 }, 1e6, 200);
    const smallAthena = archiveLines(small, PRICES).find((l) => l.item.startsWith('drill-downs'));
    expect(smallAthena?.usd).toBeCloseTo((small.queries * 10 * 1024 * 1024 * 5) / 1e12, 10);
  });

  it('costs nothing but storage-free zeros without traffic', () => {
    const none = archiveUsage({ ...inputs, linesPerMonth: 0 }, 0, 200);
    expect(none.objects).toBe(0);
    expect(none.standardGbMonth).toBe(0);
  });
});
