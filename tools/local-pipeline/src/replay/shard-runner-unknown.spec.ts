// The run-wide heaviest unknown callers (issue 23) come from the shard's own aggregator
// (onCounted): its map, format, time rules and spelling of a client, every line read once.
import { summarizeAggregates } from '../report/run-summary';
import { HostTally } from '../report/host-tally';
import { ShardRunner } from './shard-runner';

const line = (host: string, minute = 0) =>
  `${host} - - [17/May/2025:10:${String(minute).padStart(2, '0')}:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"`;
const ARRIVAL = Date.UTC(2025, 4, 17, 10, 31);

async function unknownHosts(referenceCsv: string | undefined, text: string) {
  const runner = new ShardRunner(
    { shardId: 'shardId-000000000000', referenceCsv, logLevel: 'SILENT' },
    () => undefined,
  );
  await runner.invoke([Buffer.from(text, 'latin1')], ARRIVAL, 0);
  await runner.closeWindow();
  const tally = new HostTally();
  tally.merge(runner.tally().unknownHosts);
  return tally;
}

describe('ShardRunner: unknown callers', () => {
  it('counts unknown clients as the aggregator does: map, mapped IPv4, malformed and future lines', async () => {
    const text = [
      line('10.0.0.1'),
      line('::ffff:10.0.0.1'), // the known host, spelt as a dual-stack socket logs it
      line('203.0.113.7'),
      line('::FFFF:203.0.113.7'),
      `\r\n${line('203.0.113.8')}\r`,
      'not a log line',
      line('203.0.113.9').replace('2025', '2099'), // in the future: malformed
      '{"host":"203.0.113.7","datetime":"17/May/2025:10:00:00 +0000","request":"GET / HTTP/1.1","response":"200","bytes":"5"}',
      '',
    ].join('\n');
    const tally = await unknownHosts(
      'Host,ApplicationName,Contact\n10.0.0.1,checkout,team@example.com\n',
      text,
    );
    expect(tally.top(10).hosts).toEqual([
      { host: '203.0.113.7', requestCount: 3 },
      { host: '203.0.113.8', requestCount: 1 },
    ]);
  });

  it('finds a steady caller that is never in a minute’s top 10 (issue 23)', async () => {
    const lines: string[] = [];
    for (let m = 0; m < 30; m++) {
      for (let k = 0; k < 10; k++)
        for (let r = 0; r < 5; r++) lines.push(line(`198.51.${m}.${k}`, m));
      for (let r = 0; r < 3; r++) lines.push(line('203.0.113.99', m));
    }
    for (let r = 0; r < 200; r++) lines.push(line('203.0.113.1', 7));
    const top = (await unknownHosts(undefined, `${lines.join('\n')}\n`)).top(3);
    expect(top.hosts.slice(0, 2)).toEqual([
      { host: '203.0.113.1', requestCount: 200 },
      { host: '203.0.113.99', requestCount: 90 },
    ]);
    expect(top.maxUndercount).toBe(0);
    expect(summarizeAggregates([], top)).toMatchObject({
      unknownTopHosts: top.hosts,
      unknownTopHostsScope: 'whole run, exact counts',
    });
  });
});
