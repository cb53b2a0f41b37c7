// One client, one spelling (ARCHITECTURE.md section 5): a dual-stack server logs an IPv4 client as
// `::ffff:10.0.0.1` (any case, or the hex form `::ffff:a00:1`); the map holds `10.0.0.1`.
import {
  ClientSpellings,
  HostLookup,
  canonicalHost,
  mappedIpv4Of,
  parseCidr,
  parseReferenceCsv,
  renderReferenceCsv,
} from './index';

const HEADER = 'Host,ApplicationName,Contact\n';
const SPELLINGS = [
  '::ffff:10.0.0.1',
  '::FFFF:10.0.0.1',
  '::ffff:a00:1',
  '::FFFF:A00:1',
  '0:0:0:0:0:ffff:10.0.0.1',
  '0000:0000:0000:0000:0000:ffff:0a00:0001',
];

describe('IPv4-mapped IPv6 addresses are their IPv4 address', () => {
  it.each(SPELLINGS)('canonicalHost(%s) is 10.0.0.1', (spelling) => {
    expect(canonicalHost(spelling)).toBe('10.0.0.1');
  });

  it('leaves other IPv6 addresses alone, IPv4-compatible ::a.b.c.d included', () => {
    expect(canonicalHost('::10.0.0.1')).toBe('::a00:1');
    expect(canonicalHost('::fffe:10.0.0.1')).toBe('::fffe:a00:1');
    expect(canonicalHost('64:ff9b::10.0.0.1')).toBe('64:ff9b::a00:1');
  });

  it('mappedIpv4Of reads the IPv4 value of ::ffff:0:0/96 only', () => {
    expect(mappedIpv4Of(0xffff0a000001n)).toBe(0x0a000001);
    expect(mappedIpv4Of(0xfffe0a000001n)).toBe(-1);
    expect(mappedIpv4Of(1n)).toBe(-1);
  });

  it('reads a block inside ::ffff:0:0/96 as the IPv4 block it maps', () => {
    expect(parseCidr('::ffff:10.0.0.0/104')).toMatchObject({
      version: 4,
      prefix: 8,
      text: '10.0.0.0/8',
    });
    expect(parseCidr('::ffff:10.0.0.1')).toMatchObject({ version: 4, prefix: 32 });
    expect(parseCidr('::ffff:0:0/96')).toMatchObject({ version: 4, prefix: 0 });
  });

  it.each(SPELLINGS)('HostLookup finds the exact row of 10.0.0.1 for %s', (spelling) => {
    const lookup = new HostLookup([
      { host: '10.0.0.1', applicationName: 'checkout', contact: null },
    ]);
    expect(lookup.get(spelling)?.applicationName).toBe('checkout');
    // Twice: the second answer comes from the miss cache.
    expect(lookup.get(spelling)?.applicationName).toBe('checkout');
  });

  it('HostLookup finds the IPv4 block of a mapped address, and a mapped row by IPv4', () => {
    const lookup = new HostLookup([
      { host: '10.20.0.0/16', applicationName: 'vpn', contact: null },
      { host: '::ffff:192.0.2.7', applicationName: 'legacy', contact: null },
    ]);
    expect(lookup.get('::ffff:10.20.9.9')?.applicationName).toBe('vpn');
    expect(lookup.get('::ffff:a14:909')?.applicationName).toBe('vpn');
    expect(lookup.get('192.0.2.7')?.applicationName).toBe('legacy');
    expect(lookup.get('::ffff:10.21.0.1')).toBeUndefined();
  });

  it('ClientSpellings counts every spelling as the IPv4 client', () => {
    const clients = new ClientSpellings();
    for (const spelling of SPELLINGS) expect(clients.canonical(spelling)).toBe('10.0.0.1');
    expect(clients.canonical('10.0.0.1')).toBe('10.0.0.1');
  });

  it('the CSV writes a mapped row as its IPv4 address and sees it clash with the IPv4 row', () => {
    const ok = parseReferenceCsv(`${HEADER}::FFFF:10.0.0.1,checkout,\n`);
    expect(ok).toEqual({
      ok: true,
      rows: [{ host: '10.0.0.1', applicationName: 'checkout', contact: null }],
    });
    expect(renderReferenceCsv(ok.ok ? ok.rows : [])).toBe(`${HEADER}10.0.0.1,checkout,\n`);
    const clash = parseReferenceCsv(`${HEADER}10.0.0.1,checkout,\n::ffff:a00:1,billing,\n`);
    expect(clash).toEqual({
      ok: false,
      errors: [
        {
          line: 3,
          message: 'host 10.0.0.1 maps to "billing" here but to "checkout" on line 2',
        },
      ],
    });
  });
});

describe('catch-all blocks are refused', () => {
  it.each([
    ['0.0.0.0/0', '0.0.0.0/0', 'IPv4'],
    ['::/0', '::/0', 'IPv6'],
    ['::ffff:0:0/96', '0.0.0.0/0', 'IPv4'],
  ])('a reference row %s, with its line', (block, text, family) => {
    const result = parseReferenceCsv(`${HEADER}10.0.0.1,checkout,\n${block},everyone,\n`);
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          line: 3,
          message: `host ${text} is a catch-all block: it contains every ${family} address; as a row it would give every client one application and make UNKNOWN impossible`,
        },
      ],
    });
  });

  it('renderReferenceCsv refuses to write one', () => {
    expect(() =>
      renderReferenceCsv([{ host: '0.0.0.0/0', applicationName: 'everyone', contact: null }]),
    ).toThrow(/row 0: host 0.0.0.0\/0 is a catch-all block/);
  });

  it('a /1 is still a block like any other', () => {
    expect(parseReferenceCsv(`${HEADER}128.0.0.0/1,upper,\n`).ok).toBe(true);
  });
});
