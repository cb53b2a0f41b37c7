import { AGENT_RECORD } from './__fixtures__/agent-records';
import type { LogFields } from './access-log-record';
import { scanAgentJson } from './agent-json-scanner';
import { emptyFields, slowAgentScan } from './__fixtures__/log-fields';

const base = AGENT_RECORD;
const BASE_MS = Date.UTC(2000, 9, 10, 20, 55, 36);

/** The fast path's answer: the fields if it decided, 'defer' if it left the line to JSON.parse. */
function fast(text: string): LogFields | 'defer' {
  const out = emptyFields();
  return scanAgentJson(text, 0, text.length, out) ? out : 'defer';
}

function json(overrides: Record<string, unknown>): string {
  return JSON.stringify({ ...base, ...overrides });
}

describe('scanAgentJson', () => {
  it('reads a valid record as JSON.parse + scanAgentRecord do', () => {
    const text = JSON.stringify(base);
    const expected = { host: '10.0.0.7', epochMs: BASE_MS, status: 200, bytes: 2326 };
    expect(fast(text)).toEqual(expected);
    expect(slowAgentScan(text)).toEqual(expected);
  });

  it('accepts null and "-" for everything optional', () => {
    for (const empty of [null, '-']) {
      const text = json({
        ident: empty,
        authuser: empty,
        request: empty,
        response: empty,
        bytes: empty,
        referer: empty,
        agent: empty,
      });
      const expected = { host: '10.0.0.7', epochMs: BASE_MS, status: null, bytes: null };
      expect(fast(text)).toEqual(expected);
      expect(slowAgentScan(text)).toEqual(expected);
    }
  });

  it('accepts numeric response and bytes, including 0', () => {
    expect(fast(json({ response: 404, bytes: 0 }))).toMatchObject({ status: 404, bytes: 0 });
    expect(fast(json({ response: 0, bytes: 999_999_999_999_999 }))).toMatchObject({
      status: 0,
      bytes: 999_999_999_999_999,
    });
    expect(fast(json({ response: '000', bytes: '007' }))).toMatchObject({ status: 0, bytes: 7 });
  });

  it('accepts a bracketed datetime', () => {
    expect(fast(json({ datetime: '[10/Oct/2000:13:55:36 -0700]' }))).toMatchObject({
      epochMs: BASE_MS,
    });
  });

  it('accepts missing optional keys and extra unknown keys of any flat type', () => {
    const text =
      '{"x":1,"host":"::1","datetime":"17/May/2015:10:05:03 +0000","request":null,' +
      '"response":"408","bytes":"-","":"","flag":true,"off":false,"nothing":null,"big":123456789012345678901234}';
    const expected = {
      host: '::1',
      epochMs: Date.UTC(2015, 4, 17, 10, 5, 3),
      status: 408,
      bytes: null,
    };
    expect(fast(text)).toEqual(expected);
    expect(slowAgentScan(text)).toEqual(expected);
  });

  it('accepts JSON whitespace around every token', () => {
    const text =
      '{ "host" :\t"h" ,\r"datetime": "10/Oct/2000:13:55:36 -0700" , "request" : null ,\n"response" : 200 , "bytes" : null }\t ';
    expect(fast(text)).toEqual({ host: 'h', epochMs: BASE_MS, status: 200, bytes: null });
  });

  it('reads only text[start, end) of a longer payload', () => {
    const line = JSON.stringify(base);
    const text = `junk\n${line}\r\n{"host":`;
    const out = emptyFields();
    expect(scanAgentJson(text, 5, 5 + line.length, out)).toBe(true);
    expect(out).toEqual({ host: '10.0.0.7', epochMs: BASE_MS, status: 200, bytes: 2326 });
    // The same object cut short must not borrow the rest of the payload.
    expect(scanAgentJson(text, 5, 5 + line.length - 1, emptyFields())).toBe(false);
    expect(scanAgentJson(`${line.slice(0, -1)}`, 0, line.length - 1, emptyFields())).toBe(false);
  });

  it.each([
    ['an escape in a value', json({ agent: 'say \\"hi\\"' })],
    ['an escaped quote in a request', json({ request: 'GET /?q="x" HTTP/1.1' })],
    ['a unicode escape in a key', json({}).replace('"host"', '"hos\\u0074"')],
    ['non-ASCII (UTF-8 bytes as latin1)', json({ agent: 'caf\u00c3\u00a9' })],
    ['a duplicate key', json({}).replace('{', '{"host":"1.2.3.4",')],
    ['a duplicate response', json({}).replace('}', ',"response":"500"}')],
    ['a nested object', json({ extra: { a: 1 } })],
    ['an array', json({ extra: [1] })],
    ['a fraction', json({}).replace('"200"', '200.0')],
    ['an exponent', json({}).replace('"200"', '2e2')],
    ['a negative number', json({ extra: -1 })],
    ['a leading zero', json({}).replace('"2326"', '02326')],
    ['a non-JSON space', json({}).replace('{', '{\u00a0')],
  ])('defers on %s', (_name, text) => {
    expect(fast(text)).toBe('defer');
  });

  it.each([
    ['truncated', JSON.stringify(base).slice(0, -1)],
    ['a raw control character', json({}).replace('Nav)', 'Nav\t)')],
    ['a trailing comma', JSON.stringify(base).replace('}', ',}')],
    ['text after the object', `${JSON.stringify(base)} x`],
    ['a single-quoted key', JSON.stringify(base).replace('"host"', "'host'")],
    ['a bare word', json({}).replace('null', 'nul')],
    ['an empty object', '{}'],
    ['a missing host', json({ host: undefined })],
    ['a "-" host', json({ host: '-' })],
    ['an empty host', json({ host: '' })],
    ['a null datetime', json({ datetime: null })],
    ['an impossible datetime', json({ datetime: '31/Feb/2015:10:00:00 +0000' })],
    ['half a bracket', json({ datetime: '[10/Oct/2000:13:55:36 -0700' })],
    ['a missing request', json({ request: undefined })],
    ['a numeric request', json({ request: 5 })],
    ['a boolean ident', json({ ident: true })],
    ['a numeric agent', json({ agent: 1 })],
    ['a two-digit response', json({ response: '20' })],
    ['a four-digit response', json({ response: 2000 })],
    ['a missing bytes', json({ bytes: undefined })],
    ['an empty bytes', json({ bytes: '' })],
    ['16-digit bytes', json({ bytes: 1_000_000_000_000_000 })],
    ['letters in bytes', json({ bytes: '12a' })],
  ])('never decides an invalid record (%s)', (_name, text) => {
    expect(typeof slowAgentScan(text)).toBe('string');
    expect(fast(text)).toBe('defer');
  });

  it('leaves out untouched when it defers', () => {
    const out: LogFields = { host: 'keep', epochMs: 1, status: 2, bytes: 3 };
    expect(scanAgentJson(json({ bytes: 'x' }), 0, json({ bytes: 'x' }).length, out)).toBe(false);
    expect(out).toEqual({ host: 'keep', epochMs: 1, status: 2, bytes: 3 });
  });
});
