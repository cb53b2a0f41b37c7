// `fleetlog parse` reads its input by the rule the replay follows (`@fleetlog/log-schema` input,
// ARCHITECTURE.md sections 3 and 7): gzip by content, bare CR line ends, empty lines skipped, a
// line above the Kinesis record size or dated too far ahead refused; one line and exit 1 when the
// input cannot be read or no line parses.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { closeSync, createReadStream, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { runCli } from '../cli';
import { memoryIo } from '../testing/memory-io';
import { logParsers } from './log-parsers';
import { createParseCommand } from './parse';

const commands = [createParseCommand(logParsers)];
const line = (host: string, year = 2015) =>
  `${host} - - [17/May/${year}:10:05:03 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"`;

type Out = { line: number; ok: boolean; error?: string; record?: { host: string } };

async function parse(stdin: Readable | string, ...args: string[]) {
  const io = memoryIo();
  io.stdin = typeof stdin === 'string' ? Readable.from([Buffer.from(stdin)]) : stdin;
  const code = await runCli(['parse', ...args], io, commands);
  const text = io.stdout.text.trimEnd();
  const out = text === '' ? [] : text.split('\n').map((l) => JSON.parse(l) as Out);
  return { code, out, stderr: io.stderr.text };
}

describe('fleetlog parse: input as the replay reads it', () => {
  it('reads gzip on standard input by its content', async () => {
    const gz = gzipSync(Buffer.from(`${line('10.0.0.1')}\n${line('10.0.0.2')}\n`));
    const { code, out } = await parse(Readable.from([gz]));
    expect(code).toBe(0);
    expect(out.map((o) => o.record?.host)).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('reads 100 records separated by bare CR as 100 lines', async () => {
    const records = Array.from({ length: 100 }, (_, i) => line(`10.0.0.${i + 1}`));
    const { code, out } = await parse(records.join('\r'));
    expect(code).toBe(0);
    expect(out).toHaveLength(100);
    expect(out.every((o) => o.ok)).toBe(true);
  });

  it('skips empty lines, keeping the numbers of the others', async () => {
    const { out } = await parse(`\n${line('10.0.0.1')}\r\n\r\n\n${line('10.0.0.2')}\n\n`);
    expect(out.map((o) => [o.line, o.ok])).toEqual([
      [2, true],
      [5, true],
    ]);
  });

  it('refuses a 5 MB line as too long, without holding it, and goes on', async () => {
    const huge = `${line('10.0.0.1').slice(0, -1)}${'x'.repeat(5 * 1024 * 1024)}"`;
    const { code, out } = await parse(`${huge}\n${line('10.0.0.2')}\n`);
    expect(code).toBe(0);
    expect(out).toEqual([
      { line: 1, ok: false, error: 'line too long' },
      expect.objectContaining({ line: 2, ok: true }),
    ]);
  });

  it('refuses a line dated 2099, as the aggregator does', async () => {
    const { out } = await parse(`${line('10.0.0.1', 2099)}\n${line('10.0.0.2')}\n`);
    expect(out).toEqual([
      { line: 1, ok: false, error: 'timestamp in the future' },
      expect.objectContaining({ line: 2, ok: true }),
    ]);
  });

  it('prints an IPv4-mapped client as its IPv4 address', async () => {
    const { out } = await parse(`${line('::ffff:10.0.0.1')}\n${line('::FFFF:a00:2')}\n`);
    expect(out.map((o) => o.record?.host)).toEqual(['10.0.0.1', '10.0.0.2']);
  });
});

describe('fleetlog parse: refusals, one line each', () => {
  it('exits 1 with a line naming the format when no line parses', async () => {
    const { code, out, stderr } = await parse('not a log line\nnor this\n');
    expect(code).toBe(1);
    expect(out).toHaveLength(2);
    expect(stderr).toBe(
      'fleetlog parse: none of the 2 lines parsed as log format combined (is --log-format or --format right?); line 1: expected "[" at column 11\n',
    );
  });

  it('exits 0 for an empty input', async () => {
    expect(await parse('')).toEqual({ code: 0, out: [], stderr: '' });
  });

  it('exits 1 with a line when standard input is a directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetlog-parse-dir-'));
    try {
      const { code, out, stderr } = await parse(createReadStream(dir));
      expect({ code, out, stderr }).toEqual({
        code: 1,
        out: [],
        stderr: 'fleetlog parse: cannot read access log standard input: EISDIR\n',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 with a line when the process is given a directory on standard input', async () => {
    // Node reads a directory on fd 0 as an empty stream: the bin itself must say so.
    const dir = await mkdtemp(join(tmpdir(), 'fleetlog-parse-stdin-'));
    const fd = openSync(dir, 'r');
    try {
      const bin = resolve(__dirname, '../../bin/fleetlog.cjs');
      const run = spawnSync(process.execPath, [bin, 'parse'], {
        stdio: [fd, 'pipe', 'pipe'],
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
        status: 1,
        stdout: '',
        stderr: 'fleetlog parse: cannot read access log standard input: EISDIR\n',
      });
    } finally {
      closeSync(fd);
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('exits 1 with a line on a truncated gzip', async () => {
    const gz = gzipSync(Buffer.from(line('10.0.0.1').repeat(500)));
    const { code, stderr } = await parse(Readable.from([gz.subarray(0, gz.length - 8)]));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^fleetlog parse: cannot decompress access log standard input: .+\n$/);
  });

  it.each([
    [['--trusted-proxies', ',,,'], 'trusted proxies ",,," list no address or CIDR block'],
    [['--trusted-proxies', '0.0.0.0/0'], '0.0.0.0/0 is a catch-all block'],
    [['--trusted-proxies', '10.0.0.0/8,::/0'], '::/0 is a catch-all block'],
    [['--log-format', '$remote_addr [$time_local] $stauts'], 'unknown nginx variable $stauts'],
    [['--log-format', '--trusted-proxies'], '--log-format needs a value'],
  ])('exits 2 for %j', async (args, message) => {
    const { code, stderr } = await parse('', '--log-format', 'combined_xff', ...args);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toContain(message);
  });

  it('reads Apache %B as the byte count', async () => {
    const { out } = await parse(
      '10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 0\n',
      '--log-format',
      '%h %l %u %t "%r" %>s %B',
    );
    expect(out).toEqual([
      expect.objectContaining({ ok: true, record: expect.objectContaining({ bytes: 0 }) }),
    ]);
  });
});
