import { gzipSync } from 'node:zlib';
import { decodePayload, forEachLine } from './payload';

const b64 = (data: string | Buffer): string => Buffer.from(data).toString('base64');

function lines(text: string): string[] {
  const out: string[] = [];
  forEachLine(text, (t, s, e) => out.push(t.slice(s, e)));
  return out;
}

describe('decodePayload', () => {
  it('decodes plain text', () => {
    expect(decodePayload(b64('a line\n'))).toEqual({ ok: true, text: 'a line\n' });
  });

  it('decompresses gzip payloads by their magic bytes, multi-member included', () => {
    const data = Buffer.concat([gzipSync('one\n'), gzipSync('two\n')]);
    expect(decodePayload(data.toString('base64'))).toEqual({ ok: true, text: 'one\ntwo\n' });
  });

  it('reports a truncated gzip payload as an error instead of throwing', () => {
    const data = gzipSync('some content that is long enough').subarray(0, 12);
    const result = decodePayload(data.toString('base64'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/undecodable gzip payload/);
  });
});

describe('forEachLine', () => {
  it('splits on LF and CRLF and skips empty lines', () => {
    expect(lines('a\r\nb\n\nc\r\n\r\nd')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('handles text without a newline and empty text', () => {
    expect(lines('only')).toEqual(['only']);
    expect(lines('')).toEqual([]);
    expect(lines('\n\r\n')).toEqual([]);
  });
});
