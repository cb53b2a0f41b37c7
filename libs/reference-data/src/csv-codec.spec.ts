import { parseReferenceCsv, renderReferenceCsv } from './index';
import type { CsvParseResult, HostRow } from './index';

const HEADER = 'Host,ApplicationName,Contact\n';

function errorsOf(result: CsvParseResult) {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.rows)}`);
  return result.errors;
}

function rowsOf(result: CsvParseResult): HostRow[] {
  if (!result.ok) throw new Error(`expected rows, got ${JSON.stringify(result.errors)}`);
  return result.rows;
}

describe('parseReferenceCsv', () => {
  it('reads rows, trims names and turns an empty contact into null', () => {
    const rows = rowsOf(
      parseReferenceCsv(`${HEADER}10.0.1.7, checkout ,team@example.com\n10.0.1.8,search,\n`),
    );
    expect(rows).toEqual([
      { host: '10.0.1.7', applicationName: 'checkout', contact: 'team@example.com' },
      { host: '10.0.1.8', applicationName: 'search', contact: null },
    ]);
  });

  it('accepts a header-only file, a UTF-8 BOM, CRLF line ends and blank lines', () => {
    expect(rowsOf(parseReferenceCsv(HEADER))).toEqual([]);
    const rows = rowsOf(
      parseReferenceCsv(`\uFEFFHost,ApplicationName,Contact\r\n\r\n10.0.0.1,a,b\r\n`),
    );
    expect(rows).toEqual([{ host: '10.0.0.1', applicationName: 'a', contact: 'b' }]);
  });

  it('rejects an empty file and a wrong header on line 1', () => {
    expect(errorsOf(parseReferenceCsv(''))).toEqual([
      { line: 1, message: expect.stringContaining('missing header') },
    ]);
    expect(errorsOf(parseReferenceCsv('host,application,contact\n10.0.0.1,a,\n'))).toEqual([
      { line: 1, message: expect.stringContaining('header must be Host,ApplicationName,Contact') },
    ]);
    expect(errorsOf(parseReferenceCsv('Host,ApplicationName\n'))[0].line).toBe(1);
  });

  it('rejects hosts that are not IP addresses, with their line numbers', () => {
    const errors = errorsOf(
      parseReferenceCsv(
        `${HEADER}web-1.internal,a,\n10.0.0.01,a,\n10.0.0.256,a,\n1:2::3::4,a,\n10.0.0.9,a,\n`,
      ),
    );
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5]);
    expect(errors[0].message).toBe(
      'host "web-1.internal" is not an IPv4 or IPv6 address or CIDR block',
    );
  });

  it('rejects an empty or blank application name', () => {
    const errors = errorsOf(parseReferenceCsv(`${HEADER}10.0.0.1,,x\n10.0.0.2,   ,x\n`));
    expect(errors).toEqual([
      { line: 2, message: 'ApplicationName is empty for host 10.0.0.1' },
      { line: 3, message: 'ApplicationName is empty for host 10.0.0.2' },
    ]);
  });

  it('rejects an application name CloudWatch cannot take as a dimension value, with its line', () => {
    const long = 'a'.repeat(1025);
    const errors = errorsOf(
      parseReferenceCsv(`${HEADER}10.0.0.1,café,x\n10.0.0.2,${long},x\n10.0.0.3,ok,\n`),
    );
    expect(errors).toEqual([
      {
        line: 2,
        message:
          'ApplicationName "café" for host 10.0.0.1 is not a valid CloudWatch dimension value (not printable ASCII)',
      },
      {
        line: 3,
        message: `ApplicationName "${long}" for host 10.0.0.2 is not a valid CloudWatch dimension value (longer than 1024 characters)`,
      },
    ]);
  });

  it('rejects rows with the wrong number of columns', () => {
    const errors = errorsOf(
      parseReferenceCsv(`${HEADER}10.0.0.1,a\n10.0.0.2,a,b,c\n10.0.0.3,a,b\n`),
    );
    expect(errors).toEqual([
      { line: 2, message: 'expected 3 columns (Host,ApplicationName,Contact), got 2' },
      { line: 3, message: 'expected 3 columns (Host,ApplicationName,Contact), got 4' },
    ]);
  });

  it('reports a host mapped to two applications, naming both lines, also across IPv6 spellings', () => {
    const errors = errorsOf(
      parseReferenceCsv(`${HEADER}::1,alpha,\n10.0.0.1,a,\n0:0:0:0:0:0:0:1,beta,\n`),
    );
    expect(errors).toEqual([
      { line: 4, message: 'host ::1 maps to "beta" here but to "alpha" on line 2' },
    ]);
  });

  it('reports a host listed with two different contacts', () => {
    const errors = errorsOf(parseReferenceCsv(`${HEADER}10.0.0.1,a,x\n10.0.0.1,a,y\n`));
    expect(errors).toEqual([{ line: 3, message: expect.stringContaining('on line 2') }]);
  });

  it('tolerates and drops an exact duplicate row', () => {
    const rows = rowsOf(parseReferenceCsv(`${HEADER}10.0.0.1,a,x\n10.0.0.2,b,\n10.0.0.1,a,x\n`));
    expect(rows.map((r) => r.host)).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('stores IPv6 hosts in canonical form', () => {
    const rows = rowsOf(parseReferenceCsv(`${HEADER}2001:DB8:0:0:0:0:0:7,a,\n`));
    expect(rows[0].host).toBe('2001:db8::7');
  });

  it('keeps line numbers right after quoted fields that contain newlines', () => {
    const text = `${HEADER}10.0.0.1,a,"multi\nline\ncontact"\n10.0.0.2,"b",x,extra\n\n10.0.0.3,c\n`;
    expect(errorsOf(parseReferenceCsv(text)).map((e) => e.line)).toEqual([5, 7]);
  });

  it('reports bad quoting with its line and still checks the rows before it', () => {
    const errors = errorsOf(parseReferenceCsv(`${HEADER}bad,a,\n10.0.0.2,"x"y,z\n10.0.0.3,a,\n`));
    expect(errors).toEqual([
      { line: 2, message: 'host "bad" is not an IPv4 or IPv6 address or CIDR block' },
      { line: 3, message: expect.stringMatching(/^malformed CSV: .*Closing Quote/) },
    ]);
    expect(errorsOf(parseReferenceCsv(`${HEADER}10.0.0.1,"open,\n`))[0].message).toMatch(
      /^malformed CSV: .*Quote Not Closed/,
    );
  });
});

describe('renderReferenceCsv', () => {
  const rows: HostRow[] = [
    { host: '10.0.0.10', applicationName: 'quotes "inside"', contact: 'a,b@example.com' },
    { host: '2001:db8::1', applicationName: 'plain', contact: 'line\nbreak' },
    { host: '10.0.0.9', applicationName: 'plain', contact: 'ops@example.com' },
    { host: '::1', applicationName: 'local', contact: '' },
  ];

  it('writes the header, rows sorted by address, RFC 4180 quoting and a trailing newline', () => {
    expect(renderReferenceCsv(rows)).toBe(
      'Host,ApplicationName,Contact\n' +
        '10.0.0.9,plain,ops@example.com\n' +
        '10.0.0.10,"quotes ""inside""","a,b@example.com"\n' +
        '::1,local,\n' +
        '2001:db8::1,plain,"line\nbreak"\n',
    );
  });

  it('round-trips through parseReferenceCsv', () => {
    const parsed = rowsOf(parseReferenceCsv(renderReferenceCsv(rows)));
    const normalised = rows.map((r) => ({ ...r, contact: r.contact || null }));
    const byHost = (a: HostRow, b: HostRow) => a.host.localeCompare(b.host);
    expect([...parsed].sort(byHost)).toEqual([...normalised].sort(byHost));
  });

  it('is deterministic: any order of the same rows gives identical text', () => {
    const many: HostRow[] = Array.from({ length: 200 }, (_, i) => ({
      host: i % 2 ? `10.0.${i % 7}.${i}` : `2001:db8::${i.toString(16)}`,
      applicationName: `app-${i % 5}`,
      contact: i % 3 ? null : `c${i}@example.com`,
    }));
    const expected = renderReferenceCsv(many);
    let seed = 7;
    for (let round = 0; round < 5; round++) {
      const shuffled = [...many];
      for (let i = shuffled.length - 1; i > 0; i--) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const j = seed % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      expect(renderReferenceCsv(shuffled)).toBe(expected);
    }
  });

  it('canonicalises IPv6, drops exact duplicates and refuses rows a reader would reject', () => {
    expect(
      renderReferenceCsv([
        { host: '0:0:0:0:0:0:0:1', applicationName: 'a', contact: null },
        { host: '::1', applicationName: 'a', contact: null },
      ]),
    ).toBe('Host,ApplicationName,Contact\n::1,a,\n');
    expect(() =>
      renderReferenceCsv([{ host: 'web-1', applicationName: 'a', contact: null }]),
    ).toThrow(/not an IP address/);
    expect(() =>
      renderReferenceCsv([{ host: '10.0.0.1', applicationName: ' ', contact: null }]),
    ).toThrow(/empty applicationName/);
    expect(() =>
      renderReferenceCsv([{ host: '10.0.0.1', applicationName: 'caf\u00e9', contact: null }]),
    ).toThrow(/not a valid CloudWatch dimension value \(not printable ASCII\)/);
    expect(() =>
      renderReferenceCsv([
        { host: '10.0.0.1', applicationName: 'a', contact: null },
        { host: '10.0.0.1', applicationName: 'b', contact: null },
      ]),
    ).toThrow(/appears twice/);
  });
});
