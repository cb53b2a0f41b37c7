// Property-based tests: formatCombinedLine and parseCombinedLine are inverses, and the hot-path
// scanner agrees with the full parser on any line, valid or not.
import fc from 'fast-check';
import type { AccessLogRecord } from './access-log-record';
import { formatCombinedLine, parseCombinedLine } from './combined-line';
import { scanCombinedLine } from './combined-scanner';
import { emptyFields, fieldsOf } from './__fixtures__/log-fields';

const ipv4 = fc.ipV4();
const ipv6 = fc.ipV6();
const host = fc.oneof(ipv4, ipv6, fc.constantFrom('::1', 'fe80::1', 'web-01.example.com'));
/** Printable text including quotes, backslashes and spaces, but not exactly "-" (which means null). */
const text = fc
  .string({
    unit: fc.constantFrom('a', 'Z', '0', ' ', '"', '\\', '/', '-', '[', ']', 'é', 'x'),
    maxLength: 24,
  })
  .filter((s) => s !== '-');
const token = fc.stringMatching(/^[A-Za-z0-9@._-]{1,12}$/).filter((s) => s !== '-');
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 });
const time = fc
  .integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 })
  .map((s) => new Date(s * 1000).toISOString());
const path = fc.string({
  unit: fc.constantFrom('/', 'a', '?', '=', '&', '%', '"', '\\', '9'),
  minLength: 1,
  maxLength: 20,
});

type RequestPart = Pick<AccessLogRecord, 'request' | 'method' | 'path' | 'protocol'>;
const request: fc.Arbitrary<RequestPart> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('GET', 'POST', 'M-SEARCH', 'PROPFIND'),
      path,
      fc.option(fc.constantFrom('HTTP/1.0', 'HTTP/1.1', 'HTTP/2.0'), { nil: null }),
    )
    .map(([method, p, protocol]) => ({
      request: protocol === null ? `${method} ${p}` : `${method} ${p} ${protocol}`,
      method,
      path: p,
      protocol,
    })),
  fc.constant({ request: null, method: null, path: null, protocol: null }),
  fc.constantFrom('\\x16\\x03\\x01\\x00', 'garbage', '', 'get / HTTP/1.1').map((r) => ({
    request: r,
    method: null,
    path: null,
    protocol: null,
  })),
);

const record: fc.Arbitrary<AccessLogRecord> = fc
  .record({
    host,
    ident: nullable(token),
    authUser: nullable(token),
    time,
    req: request,
    status: nullable(fc.integer({ min: 100, max: 599 })),
    bytes: nullable(fc.integer({ min: 0, max: 2 ** 40 })),
    referer: nullable(text),
    userAgent: nullable(text),
  })
  .map(({ req, ...rest }) => ({ ...rest, ...req }));

describe('combined line properties', () => {
  it('formatCombinedLine → parseCombinedLine gives back the record', () => {
    fc.assert(
      fc.property(record, (r) => {
        expect(parseCombinedLine(formatCombinedLine(r))).toEqual({
          ok: true,
          record: r,
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('scanCombinedLine agrees with parseCombinedLine on formatted and mangled lines', () => {
    const line = fc.oneof(
      record.map(formatCombinedLine),
      fc
        .tuple(record.map(formatCombinedLine), fc.nat(), fc.nat(), fc.string({ maxLength: 3 }))
        .map(([l, at, len, insert]) => {
          const i = at % (l.length + 1);
          return l.slice(0, i) + insert + l.slice(i + (len % 4));
        }),
      fc.string({ maxLength: 80 }),
    );
    fc.assert(
      fc.property(line, (l) => {
        const out = emptyFields();
        const error = scanCombinedLine(l, out);
        const parsed = parseCombinedLine(l);
        if (parsed.ok) {
          expect(error).toBeNull();
          expect(out).toEqual(fieldsOf(parsed.record));
        } else {
          expect(error).toBe(parsed.error);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
