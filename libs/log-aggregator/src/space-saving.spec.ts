import { SpaceSaving } from './space-saving';

describe('SpaceSaving', () => {
  it('counts exactly while there are no more hosts than counters, heaviest first', () => {
    const ss = new SpaceSaving(4);
    for (const [host, n] of [
      ['a', 3],
      ['b', 7],
      ['c', 1],
      ['d', 5],
    ] as const) {
      for (let i = 0; i < n; i++) ss.offer(host);
    }
    expect(ss.top(10)).toEqual([
      { host: 'b', requestCount: 7 },
      { host: 'd', requestCount: 5 },
      { host: 'a', requestCount: 3 },
      { host: 'c', requestCount: 1 },
    ]);
    expect(ss.top(2).map((h) => h.host)).toEqual(['b', 'd']);
  });

  it('breaks ties by host so the output is deterministic', () => {
    const ss = new SpaceSaving(8);
    for (const h of ['z', 'y', 'x']) ss.offer(h, 2);
    expect(ss.top(3).map((h) => h.host)).toEqual(['x', 'y', 'z']);
  });

  it('keeps a fixed number of counters and still finds the heavy hitters in a flood of distinct hosts', () => {
    const ss = new SpaceSaving(32);
    const heavy = new Map([
      ['10.0.0.1', 3000],
      ['10.0.0.2', 2000],
      ['10.0.0.3', 1000],
    ]);
    // Interleave the heavy hosts with 10,000 one-off hosts.
    let distinct = 0;
    for (let round = 0; round < 3000; round++) {
      for (const [host, n] of heavy) if (round < n) ss.offer(host);
      for (let k = 0; k < 4; k++) ss.offer(`192.168.${distinct >> 8}.${distinct++ & 255}`);
    }
    expect(ss.size).toBe(32);
    const top = ss.top(10);
    expect(top.slice(0, 3).map((h) => h.host)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    // Guaranteed counts never overstate the truth.
    for (const h of top.slice(0, 3)) {
      expect(h.requestCount).toBeLessThanOrEqual(heavy.get(h.host) as number);
      expect(h.requestCount).toBeGreaterThan(0.9 * (heavy.get(h.host) as number));
    }
    // One-off hosts are never reported as more than the one request they made.
    for (const h of top.slice(3)) expect(h.requestCount).toBeLessThanOrEqual(1);
  });

  it('round-trips through the flat state form', () => {
    const ss = new SpaceSaving(3);
    for (const h of ['a', 'a', 'b', 'c', 'd', 'd', 'd']) ss.offer(h);
    const json = JSON.parse(JSON.stringify(ss.toFlat())) as unknown[];
    const back = SpaceSaving.fromFlat(3, json);
    expect(back.top(10)).toEqual(ss.top(10));
    // and keeps counting the same way afterwards
    ss.offer('e');
    back.offer('e');
    expect(back.toFlat().sort()).toEqual(ss.toFlat().sort());
  });

  it('refuses malformed flat state', () => {
    expect(() => SpaceSaving.fromFlat(3, ['a', 1])).toThrow(/triples/);
    expect(() => SpaceSaving.fromFlat(3, ['a', -1, 0])).toThrow(/bad triple at 0/);
    expect(() => SpaceSaving.fromFlat(3, ['a', 1, 2])).toThrow(/bad triple/);
    expect(() => new SpaceSaving(0)).toThrow(RangeError);
  });
});
