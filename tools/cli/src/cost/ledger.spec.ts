import { PUBLISH_LEDGER } from '@fleetlog/pipeline-config';
import { small } from './__fixtures__/inputs';
import { DEFAULT_INPUTS } from './inputs';
import { ledgerLines, ledgerUsage } from './ledger';
import { estimateMonthlyCost } from './model';
import { PRICES } from './prices';

const ledgerLine = (lines: { item: string; usd: number; quantity: number }[], item: string) => {
  const found = lines.find((l) => l.item.startsWith(item));
  if (!found) throw new Error(`no line ${item}`);
  return found;
};

describe('publish ledger', () => {
  it('writes one claim per output record and one outcome per PutMetricData call, reads nothing once', () => {
    const once = ledgerUsage(1_000_000, 5_000, 0);
    expect(once).toMatchObject({
      claimWrites: 1_000_000,
      outcomeWrites: 5_000,
      redeliveryWrites: 0,
      reads: 0,
    });
  });

  it('charges a re-delivered record a failed conditional write and two consistent reads', () => {
    const again = ledgerUsage(1_000_000, 5_000, 0.01);
    expect(again.redeliveryWrites).toBe(10_000);
    expect(again.reads).toBe(20_000);
  });

  it('keeps the items of its time to live: 15 days of a month of items', () => {
    const { storedGb } = ledgerUsage(1_000_000, 0, 0);
    const keptMonths = PUBLISH_LEDGER.timeToLiveMs / 1000 / (730 * 3600);
    expect(storedGb).toBeCloseTo((1_000_000 * keptMonths * 300) / 1024 ** 3, 12);
  });

  it('prices on demand: $0.625 per million writes, $0.125 per million reads', () => {
    const lines = ledgerLines(ledgerUsage(2_000_000, 0, 0.5), PRICES);
    // 2,000,000 claims + 1,000,000 failed conditional claims; 2,000,000 reads.
    expect(ledgerLine(lines, 'ledger writes')).toMatchObject({ quantity: 3_000_000 });
    expect(ledgerLine(lines, 'ledger writes').usd).toBeCloseTo(1.875, 10);
    expect(ledgerLine(lines, 'ledger reads').usd).toBeCloseTo(0.25, 10);
  });

  it('at 1 billion lines a month (defaults) costs under a dollar, all of it in the bill', () => {
    const report = estimateMonthlyCost({ ...DEFAULT_INPUTS, linesPerMonth: 1e9 });
    const { ledger, aggregateRecords, putMetricDataCalls } = report.derived;
    expect(ledger.claimWrites).toBe(aggregateRecords);
    expect(ledger.outcomeWrites).toBe(putMetricDataCalls);
    const dynamo = report.lines.filter((l) => l.group === 'DynamoDB');
    expect(dynamo).toHaveLength(3);
    const usd = dynamo.reduce((sum, l) => sum + l.usd, 0);
    expect(usd).toBeGreaterThan(0);
    expect(usd).toBeLessThan(1);
  });

  it('refuses a re-delivered share outside 0 to 1', () => {
    expect(() => estimateMonthlyCost({ ...small, redeliveredShare: 1.5 })).toThrow(
      /redeliveredShare must be a number from 0 to 1/,
    );
    expect(() => estimateMonthlyCost({ ...small, redeliveredShare: -0.1 })).toThrow(
      /redeliveredShare/,
    );
  });
});
