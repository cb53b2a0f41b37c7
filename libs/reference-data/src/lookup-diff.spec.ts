import { ClientSpellings, diffTables, HostLookup } from './index';
import type { HostRow } from './index';

const rows: HostRow[] = [
  { host: '10.0.1.7', applicationName: 'checkout', contact: 'team-checkout@example.com' },
  { host: '2001:db8::7', applicationName: 'search', contact: null },
];

describe('HostLookup', () => {
  const lookup = new HostLookup(rows);

  it('finds hosts by their canonical text', () => {
    expect(lookup.size).toBe(2);
    expect(lookup.get('10.0.1.7')).toEqual({
      applicationName: 'checkout',
      contact: 'team-checkout@example.com',
    });
    expect(lookup.get('2001:db8::7')).toEqual({ applicationName: 'search', contact: null });
  });

  it('finds an IPv6 host written in a non-canonical form', () => {
    expect(lookup.get('2001:0DB8:0:0:0:0:0:7')?.applicationName).toBe('search');
  });

  it('misses unknown and malformed hosts', () => {
    expect(lookup.get('10.0.1.8')).toBeUndefined();
    expect(lookup.get('2001:db8::8')).toBeUndefined();
    expect(lookup.get('not:an:address')).toBeUndefined();
    expect(lookup.get('')).toBeUndefined();
  });

  it('canonicalises row hosts given in a non-canonical form', () => {
    const l = new HostLookup([{ host: '0:0:0:0:0:0:0:1', applicationName: 'a', contact: null }]);
    expect(l.get('::1')?.applicationName).toBe('a');
  });

  it('returns the same attribution object on every hit (no allocation on the hot path)', () => {
    expect(lookup.get('10.0.1.7')).toBe(lookup.get('10.0.1.7'));
  });

  it('gives the same answers for other IPv6 spellings when asked again (remembered misses)', () => {
    for (let round = 0; round < 2; round++) {
      expect(lookup.get('2001:DB8:0::7')?.applicationName).toBe('search');
      expect(lookup.get('2001:DB8:0::8')).toBeUndefined();
      expect(lookup.get('10.0.1.8')).toBeUndefined();
    }
  });
});

describe('ClientSpellings', () => {
  it('spells IPv6 one way (RFC 5952) and leaves IPv4 and non-addresses as given', () => {
    const clients = new ClientSpellings();
    for (let round = 0; round < 2; round++) {
      expect(clients.canonical('2001:0DB8:0:0:0:0:0:7')).toBe('2001:db8::7');
      expect(clients.canonical('2001:DB8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
      expect(clients.canonical('10.0.1.7')).toBe('10.0.1.7');
      expect(clients.canonical('not:an:address')).toBe('not:an:address');
    }
  });

  it('stays correct past its limit (starts over instead of growing)', () => {
    const clients = new ClientSpellings(2);
    const spellings = ['2001:DB8::1', '2001:DB8::2', '2001:DB8::3', '2001:DB8::1'];
    expect(spellings.map((s) => clients.canonical(s))).toEqual([
      '2001:db8::1',
      '2001:db8::2',
      '2001:db8::3',
      '2001:db8::1',
    ]);
    expect((clients as unknown as { memo: Map<string, string> }).memo.size).toBeLessThanOrEqual(2);
  });
});

describe('diffTables', () => {
  it('lists added, removed and changed hosts, sorted by address', () => {
    const before: HostRow[] = [
      { host: '10.0.0.2', applicationName: 'a', contact: null },
      { host: '10.0.0.10', applicationName: 'b', contact: null },
      { host: '::1', applicationName: 'c', contact: 'x' },
      { host: '10.0.0.3', applicationName: 'same', contact: null },
    ];
    const after: HostRow[] = [
      { host: '10.0.0.3', applicationName: 'same', contact: null },
      { host: '0:0:0:0:0:0:0:1', applicationName: 'c', contact: 'y' },
      { host: '10.0.0.20', applicationName: 'd', contact: null },
      { host: '10.0.0.4', applicationName: 'e', contact: null },
    ];
    const diff = diffTables(before, after);
    expect(diff.added.map((r) => r.host)).toEqual(['10.0.0.4', '10.0.0.20']);
    expect(diff.removed.map((r) => r.host)).toEqual(['10.0.0.2', '10.0.0.10']);
    expect(diff.changed).toEqual([{ before: before[2], after: after[1] }]);
  });

  it('is empty for identical tables', () => {
    expect(diffTables(rows, [...rows].reverse())).toEqual({ added: [], removed: [], changed: [] });
  });
});
