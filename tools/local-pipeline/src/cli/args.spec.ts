import { parseCommand, UsageError } from './args';

describe('parseCommand', () => {
  it('runs the demo into out/ by default', () => {
    expect(parseCommand([])).toEqual({ kind: 'demo', outDir: 'out', seed: 42, verbose: false });
    expect(parseCommand(['--out', 'x', '--seed', '7', '--verbose'])).toEqual({
      kind: 'demo',
      outDir: 'x',
      seed: 7,
      verbose: true,
    });
  });

  it('replays an access log with an optional map', () => {
    expect(
      parseCommand(['--access-log', 'a.log', '--reference-csv', 'm.csv', '--out', 'o']),
    ).toEqual({
      kind: 'replay',
      accessLogs: ['a.log'],
      referenceCsv: 'm.csv',
      outDir: 'o',
      verbose: false,
    });
    expect(parseCommand(['--access-log=a.log'])).toMatchObject({
      kind: 'replay',
      accessLogs: ['a.log'],
      outDir: 'out',
    });
  });

  it('takes several access logs in order, patterns and - for standard input', () => {
    expect(
      parseCommand(['--access-log', 'access.log', 'access.log.1', 'access.log.2.gz', '-']),
    ).toMatchObject({
      kind: 'replay',
      accessLogs: ['access.log', 'access.log.1', 'access.log.2.gz', '-'],
    });
    expect(
      parseCommand(['--access-log', 'a', '--out', 'o', '--access-log', 'logs/*.gz']),
    ).toMatchObject({
      accessLogs: ['a', 'logs/*.gz'],
      outDir: 'o',
    });
  });

  it('answers help', () => {
    expect(parseCommand(['-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--bogus']],
    [['positional']],
    [['--access-log']],
    [['--access-log', '']],
    [['--reference-csv', 'm.csv']],
    [['--seed', 'x']],
    [['--access-log', 'a', '--seed', '1']],
  ])('rejects %j as a usage error', (argv) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
  });
});
