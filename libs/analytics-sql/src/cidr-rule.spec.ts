// The SQL specification follows the CIDR rule of ARCHITECTURE.md section 5 exactly like the
// aggregator's HostLookup: exact address first, then the longest block; IPv4 and IPv6.
import fc from 'fast-check';
import { HostLookup, type HostRow } from '@fleetlog/reference-data';
import { addressBits, blockBits } from './address-bits';
import { runDuckDbAggregation } from './index';

const T = Date.UTC(2015, 4, 17, 10, 1);
const row = (host: string, applicationName: string, contact: string | null = null): HostRow => ({
  host,
  applicationName,
  contact,
});

describe('address bits', () => {
  it('write addresses and blocks as version + bits', () => {
    expect(addressBits('10.0.0.1')).toBe(`4${'00001010'}${'0'.repeat(23)}1`);
    expect(blockBits('10.0.0.0/8')).toBe('400001010');
    expect(blockBits('2001:db8::/32')).toBe(`6${(0x20010db8).toString(2).padStart(32, '0')}`);
    expect(addressBits('not-an-ip')).toBeNull();
    expect(blockBits('10.0.0.1')).toBeNull();
  });
});

describe('DuckDB specification with CIDR rows', () => {
  const reference = [
    row('10.0.0.0/8', 'corp', 'it@example.com'),
    row('10.20.0.0/16', 'vpn'),
    row('10.20.30.40', 'checkout', 'team@example.com'),
    row('2001:db8::/32', 'v6-wide'),
    row('2001:db8:1::/48', 'v6-narrow'),
  ];
  const hosts = [
    '10.20.30.40',
    '10.20.30.41',
    '10.99.0.1',
    '11.0.0.1',
    '2001:db8:1::5',
    '2001:db8:2::5',
    '::ffff:10.0.0.1',
  ];

  it('counts exact rows first, then the longest block', async () => {
    const rows = await runDuckDbAggregation(
      hosts.map((host) => ({ host, epochMs: T, status: 200, bytes: 1 })),
      reference,
    );
    expect(rows.map((r) => [r.applicationName, r.contact, r.requestCount])).toEqual([
      ['UNKNOWN', null, 1],
      ['checkout', 'team@example.com', 1],
      // 10.99.0.1 and ::ffff:10.0.0.1, the IPv4 client 10.0.0.1 (issue 23).
      ['corp', 'it@example.com', 2],
      ['v6-narrow', null, 1],
      ['v6-wide', null, 1],
      ['vpn', null, 1],
    ]);
  });

  it('agrees with HostLookup on random blocks and addresses (property)', async () => {
    const octet = fc.integer({ min: 0, max: 255 });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(octet, fc.integer({ min: 8, max: 24 })), {
          minLength: 1,
          maxLength: 8,
          selector: ([a, len]) => `${a}/${len}`,
        }),
        fc.array(fc.tuple(octet, octet), { minLength: 1, maxLength: 20 }),
        async (blocks, probes) => {
          const rows = blocks.map(([a, len], i) => {
            const value = ((172 << 24) | (a << 16)) >>> 0;
            const network = (value & ((0xffffffff << (32 - len)) >>> 0)) >>> 0;
            return row(
              `${network >>> 24}.${(network >>> 16) & 255}.${(network >>> 8) & 255}.0/${len}`,
              `app-${i}`,
            );
          });
          // parseReferenceCsv refuses duplicate blocks; keep the first of equal ones.
          const unique = rows.filter((r, i) => rows.findIndex((o) => o.host === r.host) === i);
          const logs = probes.map(([a, b]) => ({
            host: `172.${a}.${b}.9`,
            epochMs: T,
            status: 200,
            bytes: 1,
          }));
          const lookup = new HostLookup(unique);
          const expected = new Map<string, number>();
          for (const l of logs) {
            const app = lookup.get(l.host)?.applicationName ?? 'UNKNOWN';
            expected.set(app, (expected.get(app) ?? 0) + 1);
          }
          const actual = await runDuckDbAggregation(logs, unique);
          expect(
            Object.fromEntries(actual.map((r) => [r.applicationName, r.requestCount])),
          ).toEqual(Object.fromEntries(expected));
        },
      ),
      { numRuns: 25 },
    );
  });
});
