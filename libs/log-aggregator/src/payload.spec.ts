import { gzipSync } from 'node:zlib';
import { decodePayload, utf8Text } from './payload';

const b64 = (data: string | Buffer): string => Buffer.from(data).toString('base64');

describe('decodePayload', () => {
  it('decodes plain text', () => {
    expect(decodePayload(b64('a line\n'))).toEqual({ ok: true, text: 'a line\n' });
  });

  it('decompresses gzip payloads by their magic bytes, multi-member included', () => {
    const data = Buffer.concat([gzipSync('one\n'), gzipSync('two\n')]);
    expect(decodePayload(data.toString('base64'))).toEqual({ ok: true, text: 'one\ntwo\n' });
  });

  it('keeps UTF-8 text byte for byte, so quotes stay where they are, and turns it back for logs', () => {
    const line = '10.0.0.1 "Mozilla ünï “quoted”" 200';
    const result = decodePayload(b64(line));
    expect(result.ok).toBe(true);
    const text = result.ok ? result.text : '';
    expect(text.length).toBe(Buffer.byteLength(line));
    expect([...text].filter((c) => c === '"')).toHaveLength(2);
    expect(text.endsWith('" 200')).toBe(true);
    expect(utf8Text(text)).toBe(line);
    const gz = decodePayload(gzipSync(line).toString('base64'));
    expect(gz.ok && utf8Text(gz.text)).toBe(line);
  });

  it('reports data that is not base64 as an error', () => {
    expect(decodePayload('not base64!')).toEqual({
      ok: false,
      error: 'record data is not valid base64',
    });
  });

  it('reports a truncated gzip payload as an error instead of throwing', () => {
    const data = gzipSync('some content that is long enough').subarray(0, 12);
    const result = decodePayload(data.toString('base64'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/undecodable gzip payload/);
  });
});

describe('decodePayload gzip detection', () => {
  it('recognises the gzip magic bytes whatever the third base64 character', () => {
    // 1f 8b followed by each possible top two bits of the third byte: "H4s", "H4t", "H4u", "H4v".
    for (const third of [0x08, 0x48, 0x88, 0xc8]) {
      const data = Buffer.from([0x1f, 0x8b, third]).toString('base64');
      expect(data.slice(0, 3)).toMatch(/^H4[stuv]$/);
      const result = decodePayload(data);
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.error).toMatch(/^undecodable gzip payload/);
    }
  });

  it('reads text that only starts like the magic in base64 letters as plain text', () => {
    // 1f 8c encodes as "H4x": the same first two letters as gzip, but not gzip.
    const data = Buffer.from([0x1f, 0x8c, 0x41]).toString('base64');
    expect(data.slice(0, 3)).toBe('H4x');
    expect(decodePayload(data)).toEqual({ ok: true, text: '\x1f\x8cA' });
  });
});
