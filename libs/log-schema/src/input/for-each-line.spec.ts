import { forEachLine } from './for-each-line';

function lines(text: string): string[] {
  const out: string[] = [];
  forEachLine(text, (t, s, e) => out.push(t.slice(s, e)));
  return out;
}

describe('forEachLine', () => {
  it('splits on LF and CRLF and skips empty lines', () => {
    expect(lines('a\r\nb\n\nc\r\n\r\nd')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('ends a line at a bare CR too, so records separated by one are not read as one line (issue 23)', () => {
    expect(lines('a\rb\r\nc\n\rd\r\re\r')).toEqual(['a', 'b', 'c', 'd', 'e']);
    const line = (n: number) =>
      `10.0.0.${n} - - [24/Nov/2026:10:00:0${n} +0000] "GET / HTTP/1.1" 200 5 "-" "-"`;
    expect(lines(`${line(1)}\r${line(2)}\r`)).toEqual([line(1), line(2)]);
  });

  it('handles text without a newline and empty text', () => {
    expect(lines('only')).toEqual(['only']);
    expect(lines('')).toEqual([]);
    expect(lines('\n\r\n')).toEqual([]);
    expect(lines('\r')).toEqual([]);
    expect(lines('a\r')).toEqual(['a']);
  });
});
