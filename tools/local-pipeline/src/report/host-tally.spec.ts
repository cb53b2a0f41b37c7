import { HostTally } from './host-tally';
import { unknownHostsScope } from './run-summary';

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

describe('HostTally.merge', () => {
  it('adds another tally (a worker shard’s) through its snapshot', () => {
    const a = new HostTally(10);
    const b = new HostTally(10);
    a.add('x', 2);
    b.add('x', 3);
    b.add('y');
    a.merge(b.snapshot());
    expect(a.top(5)).toEqual({
      hosts: [
        { host: 'x', requestCount: 5 },
        { host: 'y', requestCount: 1 },
      ],
      requests: 6,
      distinctHosts: 2,
      maxUndercount: 0,
    });
  });

  it('keeps the requests of the hosts the other dropped and adds the bounds', () => {
    const b = new HostTally(4);
    for (let k = 0; k < 10; k++) b.add(`h${k}`);
    const snapshot = b.snapshot();
    const a = new HostTally();
    a.merge(snapshot);
    expect(a.top(1).requests).toBe(10);
    expect(a.top(1).maxUndercount).toBe(snapshot.maxUndercount);
    expect(snapshot.maxUndercount).toBeGreaterThan(0);
  });
});
