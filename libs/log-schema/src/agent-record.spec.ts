import { AGENT_RECORD } from './__fixtures__/agent-records';
import { parseAgentRecord, scanAgentRecord } from './agent-record';
import { apacheExampleRecord, emptyFields } from './__fixtures__/log-fields';

const base = AGENT_RECORD;

describe('parseAgentRecord', () => {
  it('parses LOGTOJSON text into the record shape', () => {
    expect(parseAgentRecord(JSON.stringify(base))).toEqual({
      ok: true,
      record: apacheExampleRecord('10.0.0.7'),
    });
  });

  it('accepts an already parsed object, "-" as null, numbers, brackets and missing optional keys', () => {
    const result = parseAgentRecord({
      host: '::1',
      ident: '-',
      datetime: '[17/May/2015:10:05:03 +0000]',
      request: '-',
      response: 408,
      bytes: '-',
    });
    expect(result).toEqual({
      ok: true,
      record: {
        host: '::1',
        ident: null,
        authUser: null,
        time: '2015-05-17T10:05:03.000Z',
        request: null,
        method: null,
        path: null,
        protocol: null,
        status: 408,
        bytes: null,
        referer: null,
        userAgent: null,
      },
    });
  });

  it.each([
    ['{"host":', /^invalid JSON: /],
    [[1, 2], /^agent record must be a JSON object, got \[1,2\]$/],
    [{ ...base, host: '' }, /^field "host" must be a non-empty string, got ""$/],
    [{ ...base, host: undefined }, /^field "host" must be a non-empty string, got missing$/],
    [{ ...base, datetime: 5 }, /^field "datetime" must be a string, got 5$/],
    [
      { ...base, datetime: '31/Feb/2015:10:00:00 +0000' },
      /^invalid timestamp "31\/Feb\/2015:10:00:00 \+0000" in field "datetime"$/,
    ],
    [{ ...base, request: 7 }, /^field "request" must be a string or null, got 7$/],
    [{ ...base, referer: true }, /^field "referer" must be a string or null, got true$/],
    [{ ...base, response: '20x' }, /^field "response" must be a status code or null, got "20x"$/],
    [{ ...base, response: '2000' }, /^field "response" must be a status code or null, got "2000"$/],
    [{ ...base, bytes: -1 }, /^field "bytes" must be a byte count or null, got -1$/],
    [{ ...base, bytes: '1.5' }, /^field "bytes" must be a byte count or null, got "1.5"$/],
  ])('rejects %j with a clear error', (input, error) => {
    const result = parseAgentRecord(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(error);
  });
});

describe('scanAgentRecord', () => {
  it('fills host, time, status and bytes in place', () => {
    const out = emptyFields();
    expect(scanAgentRecord(base, out)).toBeNull();
    expect(out).toEqual({
      host: '10.0.0.7',
      epochMs: Date.UTC(2000, 9, 10, 20, 55, 36),
      status: 200,
      bytes: 2326,
    });
  });

  it('agrees with parseAgentRecord on errors', () => {
    const bad = { ...base, response: 'OK' };
    const result = parseAgentRecord(bad);
    expect(scanAgentRecord(bad, emptyFields())).toBe(!result.ok && result.error);
  });
});
