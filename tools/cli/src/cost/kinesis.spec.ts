import { MONTH_SECONDS, small } from './__fixtures__/inputs';
import { shardsForPeak } from './kinesis';
import { estimateMonthlyCost } from './model';

const line = (item: string, shards: number) => {
  const found = estimateMonthlyCost({ ...small, shards }).lines.find((l) =>
    l.item.startsWith(item),
  );
  if (!found) throw new Error(`no line ${item}`);
  return found;
};

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

describe('provisioned shard-hours', () => {
  it('bill the configured shard count on both streams, as the stack provisions them', () => {
    expect(line('shard-hours', 1)).toMatchObject({
      item: 'shard-hours (1 input + 1 output)',
      quantity: 2 * 730,
    });
    expect(line('shard-hours', 12)).toMatchObject({
      item: 'shard-hours (12 input + 12 output)',
      quantity: 24 * 730,
    });
    expect(line('shard-hours', 12).usd).toBeCloseTo(24 * 730 * 0.015, 10);
  });

  it('leave on-demand stream-hours at two streams whatever the shards', () => {
    expect(line('stream-hours', 12).quantity).toBe(2 * 730);
  });
});
