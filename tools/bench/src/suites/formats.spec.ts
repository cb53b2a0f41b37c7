import { compileLogFormat, type LogFields } from '@fleetlog/log-schema';
import { parseReferenceCsv } from '@fleetlog/reference-data';
import { runBench } from '../runner';
import { cidrRows, formatCases, formatsSuite } from './formats';
import { generateLines } from './traffic';

describe('formats suite', () => {
  it('derives lines every format accepts from the same traffic', () => {
    const lines = generateLines(2_000);
    const out: LogFields = { host: '', epochMs: 0, status: null, bytes: null };
    for (const c of formatCases(lines)) {
      const compiled = compileLogFormat(c.format, { trustedProxies: c.trustedProxies });
      const accepted = c.lines.filter((l) => compiled.scan(l, out) === null).length;
      // Only loggen's deliberately malformed lines (0.1 %) are refused.
      expect({ id: c.id, share: accepted / c.lines.length > 0.99 }).toEqual({
        id: c.id,
        share: true,
      });
    }
    // Behind the balancer, the client is the caller of the original line, never the balancer.
    const alb = formatCases([lines[0]]).find((c) => c.id === 'combined_xff');
    const compiled = compileLogFormat(alb?.format ?? '', { trustedProxies: alb?.trustedProxies });
    expect(compiled.scan(alb?.lines[0] ?? '', out)).toBeNull();
    expect(out.host).toBe(lines[0].slice(0, lines[0].indexOf(' ')));
  });

  it('builds 1,000 valid, distinct CIDR rows', () => {
    const rows = cidrRows(1_000, ['203.0.113.9', '198.51.100.7', '2001:db8::1']);
    expect(rows).toHaveLength(1_000);
    const parsed = parseReferenceCsv(`Host,ApplicationName,Contact\n${rows.join('\n')}\n`);
    expect(parsed.ok && parsed.rows.length).toBe(1_000);
    expect(rows.slice(0, 2)).toEqual(['203.0.113.0/24,block-0,', '198.51.100.0/24,block-1,']);
  });

  it('reports every figure on tiny sizes, with the budgets of ARCHITECTURE.md sections 3 and 8', async () => {
    const results = await runBench({
      quick: true,
      only: new Set(['formats']),
      out: '',
      isolate: false,
      loaders: { formats: async () => formatsSuite },
      sizes: { parserLines: 2_000, eventRecords: 200, eventsPerRun: 2, warmups: 0, runs: 1 },
    });
    expect(results.skipped).toEqual([]);
    const ids = results.figures.map((f) => f.id);
    expect(ids).toEqual([
      'formats.combined.linesPerSecond',
      'formats.common.linesPerSecond',
      'formats.vhost_combined.linesPerSecond',
      'formats.combined_xff.linesPerSecond',
      'formats.apache.linesPerSecond',
      'formats.nginx.linesPerSecond',
      'formats.lookup.cidr1000.lookupsPerSecond',
      'formats.lookup.cidr1000.coldLookupsPerSecond',
      'formats.aggregator.cidr1000.recordsPerSecond',
      'formats.aggregator.xff.recordsPerSecond',
    ]);
    const budget = (id: string) => results.figures.find((f) => f.id === id)?.budget?.text;
    expect(budget('formats.vhost_combined.linesPerSecond')).toBe('>= 2,000,000 lines/s');
    expect(budget('formats.nginx.linesPerSecond')).toBe('>= 1,000,000 lines/s');
    expect(budget('formats.aggregator.cidr1000.recordsPerSecond')).toBe('>= 500,000 records/s');
  }, 60_000);
});
