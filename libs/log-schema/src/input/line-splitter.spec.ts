// The line rule of line-rules.ts as LineSplitter and LineEndNormaliser apply it, whatever the
// chunking of the input (ARCHITECTURE.md sections 3 and 7).
import { LineEndNormaliser } from './line-ends';
import { LineSplitter } from './line-splitter';

/** Lines of `chunks` after line-end normalisation: [number, text | null]. */
function split(chunks: string[], maxLineBytes?: number): [number, string | null][] {
  const splitter = new LineSplitter(maxLineBytes);
  const ends = new LineEndNormaliser();
  const lines: [number, string | null][] = [];
  const onLine = (n: number, text: string | null) => lines.push([n, text]);
  for (const chunk of chunks) splitter.push(ends.push(Buffer.from(chunk)), onLine);
  splitter.end(onLine);
  return lines;
}

/** Every way of cutting `text` in two, then in single bytes. */
function chunkings(text: string): string[][] {
  const cuts = Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);
  return [...cuts, text.split('')];
}

describe('LineSplitter with LineEndNormaliser', () => {
  it('splits at LF, CRLF and a bare CR, numbering every line and skipping empty ones', () => {
    const text = 'a\r\nb\rc\n\n\r\nd\r\re';
    for (const chunks of chunkings(text)) {
      expect(split(chunks)).toEqual([
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
        [6, 'd'],
        [8, 'e'],
      ]);
    }
  });

  it('reads 100 records separated by bare CR as 100 lines', () => {
    const records = Array.from({ length: 100 }, (_, i) => `record ${i}`);
    expect(split([records.join('\r')])).toHaveLength(100);
    expect(split([`${records.join('\r')}\r`])).toHaveLength(100);
  });

  it('reports a line longer than the limit as too long, in any chunking, and goes on', () => {
    const text = `ok\n${'x'.repeat(11)}\nfine\n${'y'.repeat(10)}`;
    for (const chunks of chunkings(text)) {
      expect(split(chunks, 10)).toEqual([
        [1, 'ok'],
        [2, null],
        [3, 'fine'],
        [4, 'y'.repeat(10)],
      ]);
    }
  });

  it('reports a too long last line without a line end', () => {
    expect(split(['ok\n', 'z'.repeat(6), 'z'.repeat(6)], 10)).toEqual([
      [1, 'ok'],
      [2, null],
    ]);
  });

  it('decodes UTF-8 split across chunks', () => {
    const bytes = Buffer.from('é\n€\n');
    const splitter = new LineSplitter();
    const lines: (string | null)[] = [];
    for (let i = 0; i < bytes.length; i++) {
      splitter.push(bytes.subarray(i, i + 1), (_, text) => lines.push(text));
    }
    expect(lines).toEqual(['é', '€']);
  });
});
