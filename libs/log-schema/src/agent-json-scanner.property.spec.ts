// Property: on any text, scanAgentJson either defers or gives exactly what JSON.parse +
// scanAgentRecord give (a valid record with the same fields). Inputs are agent-like objects,
// mostly valid, with now and then an odd value (escapes that decode to a valid one, odd number
// spellings, wrong types, nesting), a missing, repeated or unknown key and random whitespace,
// then the same texts randomly mangled.
import fc from 'fast-check';
import { scanAgentJson } from './agent-json-scanner';
import { emptyFields, slowAgentScan } from './__fixtures__/log-fields';

const REQUIRED = ['host', 'datetime', 'request', 'response', 'bytes'];
const OPTIONAL = ['ident', 'authuser', 'referer', 'agent'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** JSON text of a string. */
const str = (s: string): string => JSON.stringify(s);
/** The same JSON string with one character written as a \u escape: decodes to the same value. */
const escapeOne = (json: string, n: number): string => {
  if (json.length < 3 || json[0] !== '"') return json;
  const i = 1 + (n % (json.length - 2));
  if (json[i] === '\\') return json;
  return `${json.slice(0, i)}\\u${json.charCodeAt(i).toString(16).padStart(4, '0')}${json.slice(i + 1)}`;
};
/** Sometimes an odd form of a value: one of `odd`, or the good value with an escape in it. */
const sometimes = (good: fc.Arbitrary<string>, odd: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 40, arbitrary: good },
    { weight: 1, arbitrary: odd },
    { weight: 1, arbitrary: fc.tuple(good, fc.nat()).map(([v, n]) => escapeOne(v, n)) },
  );

const plainText = fc.stringMatching(/^[ -!#-[\]-~]{0,16}$/).map(str);
const oddText = fc
  .string({
    unit: fc.constantFrom('a', ' ', '"', '\\', '/', 'é', '\u00c3', '\t', '\u2028'),
    maxLength: 6,
  })
  .map(str);
const wrongType = fc.constantFrom('true', 'false', '0', '1', '{}', '[]', '{"a":"b"}', '["x"]');

const timestamp = fc
  .tuple(
    fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 }),
    fc.constantFrom('+0000', '-0700', '+0530', '+1800'),
  )
  .map(([s, zone]) => {
    const d = new Date(s * 1000);
    const p = (n: number) => String(n).padStart(2, '0');
    const day = `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}`;
    return `${day}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${zone}`;
  });
const nullOrDash = fc.constantFrom('null', '"-"');
const text = fc.oneof(plainText, nullOrDash);

const values: Record<string, fc.Arbitrary<string>> = {
  host: sometimes(
    fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('::1', 'web-01.example.com')).map(str),
    fc.oneof(fc.constantFrom('"-"', '""', 'null'), wrongType, oddText),
  ),
  datetime: sometimes(
    fc
      .oneof(
        timestamp,
        timestamp.map((t) => `[${t}]`),
      )
      .map(str),
    fc.oneof(
      timestamp.map((t) => str(`[${t}`)),
      timestamp.map((t) => str(` ${t}`)),
      fc
        .constantFrom('31/Feb/2015:10:00:00 +0000', '10/oct/2000:13:55:36 -0700', '', '[]')
        .map(str),
      fc.constantFrom('null'),
      wrongType,
    ),
  ),
  response: sometimes(
    fc.oneof(
      fc.integer({ min: 0, max: 999 }).map(String),
      fc.integer({ min: 100, max: 999 }).map((n) => str(String(n))),
      nullOrDash,
    ),
    fc.oneof(
      fc.constantFrom('"000"', '"20"', '"2000"', '2000', '"20a"', '" 200"', '""'),
      fc.constantFrom('200.0', '2e2', '2E2', '0200', '-0', '-200', '00', '0.5', 'true', '"200"x'),
    ),
  ),
  bytes: sometimes(
    fc.oneof(
      fc.integer({ min: 0, max: 999_999_999_999_999 }).map(String),
      fc.integer({ min: 0, max: 999_999 }).map((n) => str(String(n))),
      fc.constantFrom('0', '999999999999999', '"999999999999999"', '"007"'),
      nullOrDash,
    ),
    fc.constantFrom(
      '1000000000000000',
      '"1000000000000000"',
      '9007199254740993',
      '1e3',
      '10.0',
      '007',
      '-1',
      '"12a"',
      '""',
      '"1 2"',
      'false',
    ),
  ),
};
const valueOf = (key: string): fc.Arbitrary<string> =>
  Object.hasOwn(values, key) ? values[key] : sometimes(text, fc.oneof(wrongType, oddText));

/** An extra member: an unknown key with any flat or nested value, or a repeated known key. */
const extraMember = fc.oneof(
  fc.tuple(
    fc.constantFrom('', 'x', 'Host', 'hosts', 'time', '__proto__', 'bytes ', 'status'),
    fc.oneof(text, wrongType, oddText, fc.constantFrom('123456789012345678901', '-1.5e3')),
  ),
  fc.constantFrom(...REQUIRED, ...OPTIONAL).chain((k) => fc.tuple(fc.constant(k), valueOf(k))),
);
const space = fc.oneof(
  { weight: 150, arbitrary: fc.constant('') },
  { weight: 10, arbitrary: fc.constantFrom(' ', '\t', '\r', '\n', ' \t ') },
  { weight: 1, arbitrary: fc.constantFrom('\u00a0', '\v', '\f', '\u2028') },
);

/** An object text: every required key and most optional ones, in any order. */
const objectText = fc
  .tuple(
    fc.shuffledSubarray([...REQUIRED, ...OPTIONAL], { minLength: 9 }),
    fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
    fc.array(fc.tuple(extraMember, fc.nat()), { maxLength: 2 }),
    fc.array(space, { minLength: 50, maxLength: 50 }),
  )
  .chain(([order, keep, extra, spaces]) => {
    // Drop an optional key half the time; a required one (an invalid record) one time in 10.
    const keys = order.filter((k, i) => keep[i] || (REQUIRED.includes(k) ? i % 10 !== 0 : false));
    return fc.tuple(...keys.map((k) => valueOf(k).map((v) => [k, v] as const))).map((known) => {
      const members: (readonly [string, string])[] = [...known];
      for (const [member, at] of extra) members.splice(at % (members.length + 1), 0, member);
      const ws = (i: number): string => spaces[i % spaces.length];
      const body = members.map(
        ([k, v], i) => `${ws(4 * i)}${str(k)}${ws(4 * i + 1)}:${ws(4 * i + 2)}${v}${ws(4 * i + 3)}`,
      );
      return `{${body.join(',')}${body.length === 0 ? ws(48) : ''}}${ws(49)}`;
    });
  });

/** A text mangled one to three times: cut short, or a character replaced, inserted or removed. */
const mangleChar = fc.constantFrom(
  ...[
    '"',
    '\\',
    '{',
    '}',
    '[',
    ',',
    ':',
    ' ',
    '0',
    '9',
    '-',
    '.',
    'e',
    'n',
    'x',
    '\t',
    '\u0001',
    'é',
  ],
);
const mangle = fc.tuple(
  fc.nat(),
  mangleChar,
  fc.constantFrom('cut', 'replace', 'insert', 'remove'),
);
const mangled = fc
  .tuple(objectText, fc.array(mangle, { minLength: 1, maxLength: 3 }))
  .map(([start, edits]) =>
    edits.reduce((t, [n, c, how]) => {
      const i = n % (t.length + 1);
      if (how === 'cut') return t.slice(0, i);
      if (how === 'replace') return t.slice(0, i) + c + t.slice(i + 1);
      if (how === 'insert') return t.slice(0, i) + c + t.slice(i);
      return t.slice(0, i) + t.slice(i + 1);
    }, start),
  );

const outcomes = { decided: 0, deferredValid: 0, deferredInvalid: 0 };

/** The property, on the text alone and as one line of a payload between other lines. */
function agrees(json: string): void {
  const out = emptyFields();
  const decided = scanAgentJson(json, 0, json.length, out);
  const expected = slowAgentScan(json);
  if (decided) {
    outcomes.decided++;
    // toEqual tells 0 from -0: the fields must be exactly the same.
    expect(out).toEqual(expected);
  } else if (typeof expected === 'string') {
    outcomes.deferredInvalid++;
  } else {
    outcomes.deferredValid++;
  }
  const payload = `{"host":"x"}\n${json}\r\n"}0,`;
  const embedded = emptyFields();
  expect(scanAgentJson(payload, 13, 13 + json.length, embedded)).toBe(decided);
  if (decided) expect(embedded).toEqual(out);
}

describe('scanAgentJson properties', () => {
  afterAll(() => {
    // Each outcome must come up often, or the property says little.
    expect(outcomes.decided).toBeGreaterThan(1000);
    expect(outcomes.deferredValid).toBeGreaterThan(1000);
    expect(outcomes.deferredInvalid).toBeGreaterThan(5000);
  });

  it('defers or agrees with JSON.parse + scanAgentRecord on agent-like objects', () => {
    fc.assert(fc.property(objectText, agrees), { numRuns: 10_000 });
  });

  it('defers or agrees on mangled objects (cut, replaced, inserted, removed characters)', () => {
    fc.assert(fc.property(mangled, agrees), { numRuns: 10_000 });
  });

  it('defers or agrees on JSON.stringify of any values under the agent keys', () => {
    const anyValue = fc.oneof(
      fc.constant(null),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.double(),
      fc.nat(),
      fc.boolean(),
      fc.constantFrom('-', '200', '10.0.0.7', '[10/Oct/2000:13:55:36 -0700]'),
    );
    const record = fc.record(
      Object.fromEntries([...REQUIRED, ...OPTIONAL].map((k) => [k, anyValue])),
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(record, (r) => agrees(JSON.stringify(r))),
      { numRuns: 2000 },
    );
  });
});
