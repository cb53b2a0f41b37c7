import { HostTally } from './host-tally';
import { UnknownCallerCounter } from './unknown-callers';
import { summarizeAggregates, unknownHostsScope } from './run-summary';

const NOW = Date.UTC(2025, 4, 17, 12, 0);
const line = (host: string, minute = 0) =>
  `${host} - - [17/May/2025:10:${String(minute).padStart(2, '0')}:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"`;

describe('HostTally', () => {
  it('counts exactly while the hosts fit', () => {
    const tally = new HostTally(10);
    for (let i = 0; i < 5; i++) tally.add('a');
    tally.add('b', 3);
    expect(tally.top(5)).toEqual({
      hosts: [
        { host: 'a', requestCount: 5 },
        { host: 'b', requestCount: 3 },
      ],
      requests: 8,
      distinctHosts: 2,
      maxUndercount: 0,
    });
  });

  it('past its bound keeps the heavy hosts and says how low any count may be', () => {
    const tally = new HostTally(100);
    const truth = new Map<string, number>();
    const add = (host: string): void => {
      tally.add(host);
      truth.set(host, (truth.get(host) ?? 0) + 1);
    };
    for (let round = 0; round < 50; round++) {
      add('heavy');
      add('steady');
      add('steady');
      for (let k = 0; k < 20; k++) add(`once-${round}-${k}`);
    }
    const top = tally.top(2);
    expect(top.maxUndercount).toBeGreaterThan(0);
    expect(top.hosts.map((h) => h.host)).toEqual(['steady', 'heavy']);
    for (const { host, requestCount } of top.hosts) {
      expect(requestCount).toBeLessThanOrEqual(truth.get(host) ?? 0);
      expect(requestCount).toBeGreaterThanOrEqual((truth.get(host) ?? 0) - top.maxUndercount);
    }
    expect(top.requests).toBe(50 * 23);
    expect(unknownHostsScope(top)).toMatch(/each count may be low by up to \d+/);
  });
});

describe('UnknownCallerCounter', () => {
  it('counts unknown clients as the aggregator does: map, mapped IPv4, malformed and future lines', () => {
    const counter = new UnknownCallerCounter({
      referenceCsv: 'Host,ApplicationName,Contact\n10.0.0.1,checkout,team@example.com\n',
      nowMs: NOW,
    });
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
    counter.record(Buffer.from(text, 'latin1'));
    expect(counter.top(10).hosts).toEqual([
      { host: '203.0.113.7', requestCount: 3 },
      { host: '203.0.113.8', requestCount: 1 },
    ]);
  });

  it('finds a steady caller that is never in a minute’s top 10 (issue 23)', () => {
    const counter = new UnknownCallerCounter({ referenceCsv: undefined, nowMs: NOW });
    const lines: string[] = [];
    for (let m = 0; m < 30; m++) {
      for (let k = 0; k < 10; k++)
        for (let r = 0; r < 5; r++) lines.push(line(`198.51.${m}.${k}`, m));
      for (let r = 0; r < 3; r++) lines.push(line('203.0.113.99', m));
    }
    for (let r = 0; r < 200; r++) lines.push(line('203.0.113.1', 7));
    counter.record(Buffer.from(`${lines.join('\n')}\n`));
    const top = counter.top(3);
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
