import { RecordPacker, countLines, firstLineTimeMs, type PackedRecord } from './record-packer';

function pack(chunks: string[], recordBytes: number, maxLineBytes: number) {
  const records: PackedRecord[] = [];
  const packer = new RecordPacker((r) => records.push(r), recordBytes, maxLineBytes);
  for (const c of chunks) packer.push(Buffer.from(c));
  packer.end();
  return { records: records.map((r) => r.data.toString()), packer };
}

describe('RecordPacker', () => {
  it('cuts records at line ends within the size, whatever the chunks', () => {
    const text = 'aaaa\nbbbb\ncccc\ndddd\neeee';
    const whole = pack([text], 12, 100).records;
    expect(whole).toEqual(['aaaa\nbbbb\n', 'cccc\ndddd\n', 'eeee']);
    // The same records from chunks cut anywhere: records never depend on how the input was read.
    for (let cut = 1; cut < text.length; cut++) {
      expect(pack([text.slice(0, cut), text.slice(cut)], 12, 100).records).toEqual(whole);
    }
  });

  it('gives the records of the whole input from any chunks, long lines and all', () => {
    // A seeded mix of short lines, lines longer than a record and oversize ones, cut at random.
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 200; round++) {
      const lines: string[] = [];
      for (let i = random(30); i >= 0; i--) lines.push('x'.repeat([2, 5, 9, 15, 30][random(5)]));
      const text = lines.join('\n') + (random(2) === 0 ? '\n' : '');
      const whole = pack([text], 12, 20);
      const chunks: string[] = [];
      for (let at = 0; at < text.length;) {
        const size = 1 + random(40);
        chunks.push(text.slice(at, at + size));
        at += size;
      }
      const cut = pack(chunks, 12, 20);
      expect(cut.records).toEqual(whole.records);
      expect([cut.packer.lines, cut.packer.tooLong]).toEqual([
        whole.packer.lines,
        whole.packer.tooLong,
      ]);
    }
  });

  it('counts and drops a line longer than the limit, in one chunk or across many, and goes on', () => {
    const long = 'x'.repeat(50);
    const text = `ok1\n${long}\nok2\n`;
    for (const chunks of [[text], text.match(/.{1,7}/gs) as string[]]) {
      const { records, packer } = pack(chunks, 16, 20);
      expect(records.join('')).toBe('ok1\nok2\n');
      expect(packer.tooLong).toBe(1);
      expect(packer.lines).toBe(2);
    }
    // A last line without a newline, too long.
    const { packer } = pack([`ok\n${long}`], 16, 20);
    expect([packer.lines, packer.tooLong]).toEqual([1, 1]);
  });

  it('counts lines as the aggregator reads them: empty and CR-only lines are not lines', () => {
    expect(countLines(Buffer.from('a\n\n\r\nb\r\nc'))).toBe(3);
  });

  it("reads the time of a record's first line with its offset", () => {
    expect(
      firstLineTimeMs(
        Buffer.from('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1\n'),
      ),
    ).toBe(Date.UTC(2000, 9, 10, 20, 55, 36));
    expect(firstLineTimeMs(Buffer.from('junk\n'))).toBeUndefined();
  });
});
