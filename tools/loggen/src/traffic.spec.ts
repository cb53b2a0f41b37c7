import { parseAgentRecord, parseCombinedLine } from '@fleetlog/log-schema';
import { generateTraffic, toAgentJson, type TrafficOptions } from './traffic';

const START = Date.parse('2015-05-17T10:00:00Z');
const END = Date.parse('2015-05-17T11:00:00Z');
const base: TrafficOptions = {
  seed: 7,
  count: 20_000,
  startMs: START,
  endMs: END,
  lateFraction: 0.05,
  malformedFraction: 0.02,
  escapedQuoteFraction: 0.05,
};

describe('generateTraffic', () => {
  const lines = [...generateTraffic(base)];

  it('makes exactly count lines, the same for the same seed and different for another', () => {
    expect(lines).toHaveLength(20_000);
    expect([...generateTraffic(base)].map((g) => g.line)).toEqual(lines.map((g) => g.line));
    const other = [...generateTraffic({ ...base, seed: 8 })].map((g) => g.line);
    expect(other).not.toEqual(lines.map((g) => g.line));
  });

  it('writes valid lines that parse back to exactly the truth it reports', () => {
    for (const g of lines.filter((l) => !l.malformed)) {
      const parsed = parseCombinedLine(g.line);
      if (!parsed.ok) throw new Error(`${parsed.error}: ${g.line}`);
      expect(parsed.record).toEqual(g.record);
      expect(Date.parse(parsed.record.time)).toBe(g.epochMs);
      expect([parsed.record.host, parsed.record.status, parsed.record.bytes]).toEqual([
        g.host,
        g.status,
        g.bytes,
      ]);
    }
  });

  it('writes malformed lines in about the share asked, every one rejected by the parser', () => {
    const bad = lines.filter((l) => l.malformed);
    expect(bad.length).toBeGreaterThan(20_000 * 0.015);
    expect(bad.length).toBeLessThan(20_000 * 0.025);
    const errors = new Set<string>();
    for (const g of bad) {
      const parsed = parseCombinedLine(g.line);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) errors.add(parsed.error.replace(/\d+/g, 'N'));
    }
    expect(errors.size).toBeGreaterThan(2);
  });

  it('keeps event times inside [startMs, endMs) in whole seconds, late lines up to 15 minutes behind', () => {
    let newest = -Infinity;
    let lateSeen = 0;
    for (const g of lines) {
      expect(g.epochMs).toBeGreaterThanOrEqual(START);
      expect(g.epochMs).toBeLessThan(END);
      expect(g.epochMs % 1000).toBe(0);
      if (g.late) {
        lateSeen++;
        expect(newest - g.epochMs).toBeLessThanOrEqual(15 * 60_000);
      } else {
        expect(g.epochMs).toBeGreaterThanOrEqual(newest);
        newest = g.epochMs;
      }
    }
    expect(lateSeen).toBeGreaterThan(20_000 * 0.04);
  });

  it('includes the hard shapes: IPv6, escaped quotes, empty referer, "-" request with 408, junk request', () => {
    const valid = lines.filter((l) => !l.malformed).map((l) => l.line);
    expect(valid.some((l) => l.startsWith('2001:db8:'))).toBe(true);
    expect(valid.some((l) => l.includes('\\"'))).toBe(true);
    expect(valid.some((l) => l.includes(' ""'))).toBe(true);
    expect(valid.some((l) => l.includes('] "-" 408 -'))).toBe(true);
    expect(valid.some((l) => l.includes('\\\\x16\\\\x03'))).toBe(true);
  });

  it('draws hosts in proportion to their weights', () => {
    const hosts = [
      { host: '10.0.0.1', weight: 3 },
      { host: '10.0.0.2', weight: 1 },
    ];
    const counts = new Map<string, number>();
    for (const g of generateTraffic({ seed: 1, count: 8000, startMs: START, endMs: END, hosts })) {
      counts.set(g.host, (counts.get(g.host) ?? 0) + 1);
    }
    expect((counts.get('10.0.0.1') ?? 0) / 8000).toBeCloseTo(0.75, 1);
    expect([...counts.keys()].sort()).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('refuses an empty time range', () => {
    expect(() => [...generateTraffic({ ...base, endMs: START })]).toThrow(
      'endMs must be after startMs',
    );
  });
});

describe('toAgentJson', () => {
  it('gives LOGTOJSON objects that parse to the same record as the line', () => {
    for (const g of [...generateTraffic({ ...base, count: 2000 })]) {
      const parsed = parseAgentRecord(JSON.stringify(toAgentJson(g)));
      if (g.malformed) expect(parsed.ok).toBe(false);
      else expect(parsed).toEqual({ ok: true, record: g.record });
    }
  });
});
