// The bytes of one input as the replay and `fleetlog parse` read them (ARCHITECTURE.md section 7):
// gzip by content, bare CR rewritten, one-line errors naming the input.
import { mkdtemp, rm } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { LogInputError, logBytes } from './log-bytes';

async function read(source: AsyncIterable<Buffer | string>, name = 'in'): Promise<string> {
  const out: Buffer[] = [];
  for await (const chunk of logBytes(source, { name })) out.push(Buffer.from(chunk));
  return Buffer.concat(out).toString('utf8');
}

describe('logBytes', () => {
  const text = 'a\r\nb\rc\n';

  it('passes plain bytes on, with bare CRs as LF', async () => {
    expect(await read(Readable.from([Buffer.from(text)]))).toBe('a\r\nb\nc\n');
  });

  it('decompresses by content, whatever the name, even one byte at a time', async () => {
    const gz = gzipSync(Buffer.from(text));
    const twice = Buffer.concat([gz, gz]);
    expect(await read(Readable.from([gz]), 'plain.log')).toBe('a\r\nb\nc\n');
    // A CRLF cut between two chunks comes out as LF: the same line end.
    const bytewise = await read(Readable.from([...twice].map((b) => Buffer.from([b]))));
    expect(bytewise.replace(/\r\n/g, '\n')).toBe('a\nb\nc\na\nb\nc\n');
  });

  it('reads nothing from an empty input', async () => {
    expect(await read(Readable.from([]))).toBe('');
  });

  it('names the input of a truncated gzip', async () => {
    const gz = gzipSync(Buffer.from(text.repeat(1000)));
    await expect(read(Readable.from([gz.subarray(0, gz.length - 10)]), 'x.gz')).rejects.toThrow(
      new LogInputError('cannot decompress access log x.gz: unexpected end of file'),
    );
  });

  it('names the input it cannot read (a directory on standard input)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetlog-log-bytes-'));
    try {
      await expect(read(createReadStream(dir), 'standard input')).rejects.toThrow(
        new LogInputError('cannot read access log standard input: EISDIR'),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
