import { createProgress } from './progress';

function sink(isTTY: boolean): {
  text: () => string;
  write(t: string): void;
  isTTY: boolean;
  columns: number;
} {
  let buffer = '';
  return { isTTY, columns: 80, write: (t: string) => void (buffer += t), text: () => buffer };
}

describe('createProgress', () => {
  it('writes one plain line per tenth when stderr is not a terminal', () => {
    const out = sink(false);
    const progress = createProgress(out);
    progress.phase('shipping', 100);
    for (let i = 1; i <= 100; i++) progress.update(i, `${i} lines`);
    progress.done('100 lines');
    const lines = out.text().trimEnd().split('\n');
    expect(lines[0]).toBe('shipping: 0%');
    expect(lines).toContain('shipping: 50% 50 lines');
    expect(lines[lines.length - 1]).toBe('shipping: done 100 lines');
    expect(lines).toHaveLength(12);
    expect(out.text()).not.toContain('\r');
  });

  it('redraws a bar in place on a terminal and keeps notes on their own lines', () => {
    const out = sink(true);
    const progress = createProgress(out);
    progress.phase('run', 4);
    progress.update(2, 'half');
    progress.note('scale-out checkout');
    progress.done();
    const text = out.text();
    expect(text).toContain('\r\x1b[2Krun ██████████████░░░░░░░░░░░░░░  50% half');
    expect(text).toContain('\r\x1b[2Kscale-out checkout\n');
    expect(text.endsWith('100% \n')).toBe(true);
  });

  it('counts bytes and lines as they come on a phase of unknown size (standard input)', () => {
    const out = sink(false);
    const progress = createProgress(out);
    progress.phase('replaying', 0);
    const MiB = 1024 * 1024;
    for (let mib = 1; mib <= 5; mib++) progress.update(mib * MiB, `${mib * 1000} lines`);
    progress.done('5,000 lines');
    expect(out.text().trimEnd().split('\n')).toEqual([
      'replaying: reading…',
      'replaying: 1.0 MB read, 1000 lines',
      'replaying: 2.0 MB read, 2000 lines',
      'replaying: 4.0 MB read, 4000 lines',
      'replaying: done 5,000 lines',
    ]);
    expect(out.text()).not.toContain('%');
  });

  it('redraws the count in place on a terminal when the size is unknown', () => {
    const out = sink(true);
    const progress = createProgress(out);
    progress.phase('replaying', 0);
    progress.update(1536, '12 lines');
    progress.done('12 lines');
    expect(out.text()).toBe(
      '\r\x1b[2Kreplaying: 1.5 KB read, 12 lines\r\x1b[2Kreplaying: done 12 lines\n',
    );
  });
});
