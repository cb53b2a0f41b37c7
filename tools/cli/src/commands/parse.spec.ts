import { once } from 'node:events';
import { Readable } from 'node:stream';
import { MemorySink, memoryIo } from '../testing/memory-io';
import { createParseCommand, parseStream } from './parse';
import type { LineParser } from './parse';

// A stand-in parser: these tests are about framing, numbering and streaming, not log formats.
const fakeParser: LineParser = (line) => {
  if (line === 'boom') throw new Error('unexpected state');
  const [host, status] = line.split(' ');
  if (!host || !status) return { ok: false, error: `not a "host status" line: "${line}"` };
  return { ok: true, record: { host, status: Number(status) } };
};

function outputLines(text: string): unknown[] {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
}

describe('parseStream', () => {
  it('writes one JSON object per non-empty input line with 1-based line numbers', async () => {
    const out = new MemorySink();
    const summary = await parseStream(
      Readable.from(['10.0.0.1 200\r\nbad\n\n10.0.0.2 404']),
      out,
      fakeParser,
    );
    // An empty line is no line (as in the replay), but it keeps its number.
    expect(summary).toEqual({
      lines: 3,
      errors: 1,
      firstError: { line: 2, error: 'not a "host status" line: "bad"' },
    });
    expect(outputLines(out.text)).toEqual([
      { line: 1, ok: true, record: { host: '10.0.0.1', status: 200 } },
      { line: 2, ok: false, error: 'not a "host status" line: "bad"' },
      { line: 4, ok: true, record: { host: '10.0.0.2', status: 404 } },
    ]);
  });

  it('keeps lines split across input chunks together', async () => {
    const out = new MemorySink();
    await parseStream(Readable.from(['10.0.', '0.1 2', '00\n10.0.0.2 ', '301\n']), out, fakeParser);
    expect(outputLines(out.text)).toEqual([
      { line: 1, ok: true, record: { host: '10.0.0.1', status: 200 } },
      { line: 2, ok: true, record: { host: '10.0.0.2', status: 301 } },
    ]);
  });

  it('turns a throwing parser into an error for that line and goes on', async () => {
    const out = new MemorySink();
    await parseStream(Readable.from(['boom\n10.0.0.1 200\n']), out, fakeParser);
    expect(outputLines(out.text)).toEqual([
      { line: 1, ok: false, error: 'parser failed: unexpected state' },
      { line: 2, ok: true, record: { host: '10.0.0.1', status: 200 } },
    ]);
  });

  it('writes nothing for empty input', async () => {
    const out = new MemorySink();
    expect(await parseStream(Readable.from(['']), out, fakeParser)).toEqual({
      lines: 0,
      errors: 0,
    });
    expect(await parseStream(Readable.from(['\n\r\n\r']), out, fakeParser)).toEqual({
      lines: 0,
      errors: 0,
    });
    expect(out.text).toBe('');
  });

  it('respects backpressure: never writes into a full buffer of a slow consumer', async () => {
    const highWaterMark = 1024;
    const out = new MemorySink({ highWaterMark, slow: true });
    let maxBufferedBeforeWrite = 0;
    const write = out.write.bind(out);
    out.write = ((chunk: string) => {
      maxBufferedBeforeWrite = Math.max(maxBufferedBeforeWrite, out.writableLength);
      return write(chunk);
    }) as typeof out.write;
    const input = Array.from({ length: 20_000 }, (_, i) => `10.0.${i % 256}.${i % 250} 200\n`).join(
      '',
    );
    const summary = await parseStream(Readable.from([input]), out, fakeParser, { chunkBytes: 256 });
    expect(summary.lines).toBe(20_000);
    out.end();
    await once(out, 'finish'); // the slow sink may still hold the last chunks
    expect(outputLines(out.text)).toHaveLength(20_000);
    expect(maxBufferedBeforeWrite).toBeLessThan(highWaterMark);
  });
});

describe('parse command', () => {
  const calls: string[] = [];
  const command = createParseCommand({
    raw: (line) => (calls.push(`raw:${line}`), fakeParser(line)),
    'agent-json': (line) => (calls.push(`agent:${line}`), fakeParser(line)),
  });

  beforeEach(() => calls.splice(0));

  it('uses the raw parser by default and exits 0 even with bad lines', async () => {
    const io = memoryIo('a 1\nbad\n');
    expect(await command.run([], io)).toBe(0);
    expect(calls).toEqual(['raw:a 1', 'raw:bad']);
    expect(outputLines(io.stdout.text)).toHaveLength(2);
  });

  it('uses the agent-json parser with --format agent-json or --format=agent-json', async () => {
    await command.run(['--format', 'agent-json'], memoryIo('x 1\n'));
    await command.run(['--format=agent-json'], memoryIo('y 2\n'));
    expect(calls).toEqual(['agent:x 1', 'agent:y 2']);
  });
});

describe('parse command with a parser loader', () => {
  it('loads the parsers only when it runs, and not for bad arguments', async () => {
    let loads = 0;
    const command = createParseCommand(async () => {
      loads++;
      return { raw: fakeParser, 'agent-json': fakeParser };
    });
    await expect(command.run(['--format', 'xml'], memoryIo())).rejects.toThrow(/unknown format/);
    expect(loads).toBe(0);
    const io = memoryIo('10.0.0.1 200\n');
    expect(await command.run([], io)).toBe(0);
    expect(loads).toBe(1);
    expect(io.stdout.text).toBe('{"line":1,"ok":true,"record":{"host":"10.0.0.1","status":200}}\n');
  });
});
