import { Readable } from 'node:stream';
import { MemorySink } from '../testing/memory-io';
import { logParsers } from './log-parsers';
import { parseStream } from './parse';

// The real @fleetlog/log-schema parsers behind `parse`, on the record shape of ARCHITECTURE.md section 3.
async function parseLines(format: 'raw' | 'agent-json', lines: string[]) {
  const out = new MemorySink();
  await parseStream(Readable.from([lines.join('\n')]), out, logParsers[format]);
  return out.text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
}

describe('parse with the real log parsers', () => {
  it('parses combined lines and reports junk per line (--format raw)', async () => {
    const [good, bad] = await parseLines('raw', [
      '10.0.1.7 - - [17/May/2015:10:05:03 +0000] "GET /index.html HTTP/1.1" 200 512 "-" "curl/8.0"',
      'not an access log line',
    ]);
    expect(good).toEqual({
      line: 1,
      ok: true,
      record: expect.objectContaining({
        host: '10.0.1.7',
        time: '2015-05-17T10:05:03.000Z',
        method: 'GET',
        path: '/index.html',
        status: 200,
        bytes: 512,
        referer: null,
      }),
    });
    expect(bad).toEqual({ line: 2, ok: false, error: expect.any(String) });
  });

  it('parses Kinesis Agent LOGTOJSON records (--format agent-json)', async () => {
    const record = {
      host: '2001:db8::7',
      ident: null,
      authuser: null,
      datetime: '17/May/2015:10:05:03 +0000',
      request: 'GET /a HTTP/1.1',
      response: '404',
      bytes: null,
      referer: null,
      agent: 'curl/8.0',
    };
    const [good, bad] = await parseLines('agent-json', [JSON.stringify(record), '{not json']);
    expect(good).toEqual({
      line: 1,
      ok: true,
      record: expect.objectContaining({ host: '2001:db8::7', status: 404, bytes: null }),
    });
    expect(bad).toEqual({ line: 2, ok: false, error: expect.any(String) });
  });
});
