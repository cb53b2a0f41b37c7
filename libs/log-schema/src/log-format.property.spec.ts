// Property-based tests of the log formats: every preset and a custom string read back the record
// a line was written from, the hot-path scan agrees with the full parse, and the client behind
// trusted proxies is the one a straightforward model of real_ip_recursive picks.
import fc from 'fast-check';
import type { AccessLogRecord } from './access-log-record';
import { formatCombinedLine } from './combined-line';
import { TrustedProxies, compileLogFormat, resolveClient } from './index';
import { emptyFields, fieldsOf } from './__fixtures__/log-fields';

const token = fc.stringMatching(/^[A-Za-z0-9@._-]{1,12}$/).filter((s) => s !== '-');
const text = fc
  .string({
    unit: fc.constantFrom('a', 'Z', '0', ' ', '"', '\\', '/', '-', '[', ']'),
    maxLength: 20,
  })
  .filter((s) => s !== '-');
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 });
const record: fc.Arbitrary<AccessLogRecord> = fc.record({
  host: fc.oneof(fc.ipV4(), fc.ipV6()),
  ident: nullable(token),
  authUser: nullable(token),
  time: fc
    .integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 })
    .map((s) => new Date(s * 1000).toISOString()),
  request: fc.constant('GET /a?b=1 HTTP/1.1'),
  method: fc.constant('GET'),
  path: fc.constant('/a?b=1'),
  protocol: fc.constant('HTTP/1.1'),
  status: nullable(fc.integer({ min: 100, max: 599 })),
  bytes: nullable(fc.integer({ min: 0, max: 2 ** 40 })),
  referer: nullable(text),
  userAgent: nullable(text),
});

function agrees(format: ReturnType<typeof compileLogFormat>, line: string): void {
  const parsed = format.parse(line);
  const out = emptyFields();
  const error = format.scan(line, out);
  if (!parsed.ok) {
    expect(error).toBe(parsed.error);
    return;
  }
  expect(error).toBeNull();
  expect(out).toEqual(fieldsOf(parsed.record));
}

describe('log format properties', () => {
  const custom = compileLogFormat(
    '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D "%{X-Forwarded-For}i"',
  );

  it('every preset and a custom string read back the record, and scan agrees with parse', () => {
    const combined = compileLogFormat('combined');
    const vhost = compileLogFormat('vhost_combined');
    const xff = compileLogFormat('combined_xff');
    fc.assert(
      fc.property(record, fc.stringMatching(/^[a-z0-9.]{1,20}:[0-9]{2,5}$/), (r, vh) => {
        const line = formatCombinedLine(r);
        expect(combined.parse(line)).toEqual({ ok: true, record: r });
        expect(vhost.parse(`${vh} ${line}`)).toEqual({ ok: true, record: r });
        expect(xff.parse(`${line} "-"`)).toEqual({ ok: true, record: r });
        expect(custom.parse(`${line} 1234 "-"`)).toEqual({ ok: true, record: r });
        agrees(combined, line);
        agrees(vhost, `${vh} ${line}`);
        agrees(custom, `${line} 99 "1.2.3.4"`);
      }),
    );
  });

  it('never credits a shifted field: a prefixed line is malformed under combined', () => {
    const combined = compileLogFormat('combined');
    fc.assert(
      fc.property(record, fc.oneof(fc.ipV4(), fc.constant('vhost.example.com:80')), (r, prefix) => {
        const sep = prefix.includes(':') ? ' ' : ', ';
        expect(combined.parse(`${prefix}${sep}${formatCombinedLine(r)}`).ok).toBe(false);
      }),
    );
  });

  it('scan agrees with parse on mangled lines (custom string)', () => {
    fc.assert(
      fc.property(record, fc.nat(200), fc.string({ maxLength: 3 }), (r, cut, junk) => {
        const line = `${formatCombinedLine(r)} 7 "10.0.0.1"`;
        const at = cut % (line.length + 1);
        agrees(custom, line.slice(0, at) + junk + line.slice(at));
      }),
    );
  });

  it('the client is the right-most untrusted hop; caller-written entries cannot change it', () => {
    const trusted = new TrustedProxies(['10.0.0.0/8']);
    const proxy = fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `10.${a}.${b}.1`);
    const outside = fc
      .tuple(fc.integer({ min: 11, max: 223 }), fc.nat(255))
      .map(([a, b]) => `${a}.${b}.0.9`);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(proxy, outside, fc.constantFrom('unknown', '')), { maxLength: 4 }),
        outside,
        fc.array(proxy, { maxLength: 3 }),
        proxy,
        (spoofed, caller, hops, peer) => {
          // The caller wrote `spoofed`; the first trusted proxy appended the caller's address.
          const xff = [...spoofed, caller, ...hops].join(', ');
          expect(resolveClient(peer, xff, 0, xff.length, trusted)).toBe(caller);
        },
      ),
    );
  });
});
