import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import { startLocalKinesis, type LocalKinesis } from '@fleetlog/local-aws';
import { OutputStreamWatch } from './output-watch';

const aggregate = (windowStart: string, applicationName: string) => ({
  schemaVersion: 1,
  kind: 'requests',
  windowStart,
  windowEnd: new Date(Date.parse(windowStart) + 60_000).toISOString(),
  applicationName,
  contact: null,
  requestCount: 2,
  bytes: 10,
  statusCounts: { '200': 2 },
  topHosts: [{ host: '192.0.2.9', requestCount: 2 }],
  partial: { shardId: 'shardId-000000000001', flushId: `f-${applicationName}` },
});

describe('OutputStreamWatch', () => {
  let local: LocalKinesis;
  beforeEach(async () => {
    local = await startLocalKinesis({ out: 3 });
  });
  afterEach(() => local.stop());

  const put = (data: unknown, key: string) =>
    local.kinesis.send(
      new PutRecordCommand({
        StreamName: 'out',
        PartitionKey: key,
        Data: new TextEncoder().encode(typeof data === 'string' ? data : JSON.stringify(data)),
      }),
    );

  it('reads every shard from its opening on, and only requests aggregates', async () => {
    await put(aggregate('2026-12-05T18:44:00.000Z', 'before'), 'a');
    const watch = await OutputStreamWatch.open(local.kinesis, 'out', Date.now());
    expect(watch.shardCount).toBe(3);
    const names = ['checkout', 'search', 'UNKNOWN', 'billing', 'shop'];
    for (const name of names) await put(aggregate('2026-12-05T18:45:00.000Z', name), name);
    await put('not json', 'x');
    await put({ schemaVersion: 1, kind: 'pipeline' }, 'pipeline');
    const found = await watch.poll();
    expect(found.map((a) => a.applicationName).sort()).toEqual([...names].sort());
    expect(await watch.poll()).toEqual([]);
  });
});
