import { parseCommand as parseWith, UsageError } from './args';

/** Outside npm: paths stay as given. */
const parseCommand = (argv: readonly string[]) => parseWith(argv, { env: {}, cwd: '/repo' });

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

  it('injects faults with a seed into the demo and the replay (--inject-faults SEED)', () => {
    expect(parseCommand(['--inject-faults', '7'])).toEqual({
      kind: 'demo',
      outDir: 'out',
      seed: 42,
      verbose: false,
      injectFaults: 7,
    });
    expect(parseCommand(['--access-log', 'a.log', '--inject-faults=0'])).toMatchObject({
      kind: 'replay',
      accessLogs: ['a.log'],
      injectFaults: 0,
    });
    expect(parseCommand(['--access-log', 'a.log'])).not.toHaveProperty('injectFaults');
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
      archive: false,
    });
    expect(parseCommand(['--access-log=a.log'])).toMatchObject({
      kind: 'replay',
      accessLogs: ['a.log'],
      outDir: 'out',
    });
  });

  it('archives the replayed lines with --archive, for the replay only', () => {
    expect(parseCommand(['--access-log', 'a.log', '--archive'])).toMatchObject({
      kind: 'replay',
      archive: true,
    });
    expect(() => parseCommand(['--archive'])).toThrow(UsageError);
    expect(() => parseCommand(['--archive'])).toThrow(/--archive needs --access-log/);
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

describe('parseCommand: one clear line for every argument mistake', () => {
  const message = (argv: string[]): string => {
    try {
      parseCommand(argv);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    throw new Error(`accepted ${JSON.stringify(argv)}`);
  };

  it.each([
    [
      ['--access-log', 'a', '--threshold', '-1'],
      '--threshold must be a decimal integer >= 0, got -1',
    ],
    [['--access-log', 'a', '--threshold=-1'], '--threshold must be a decimal integer >= 0, got -1'],
    [
      ['--access-log', 'a', '--threshold', '0x10'],
      '--threshold must be a decimal integer >= 0, got 0x10',
    ],
    [
      ['--access-log', 'a', '--threshold', '1e3'],
      '--threshold must be a decimal integer >= 0, got 1e3',
    ],
    [
      ['--access-log', 'a', '--application-threshold', '2.5'],
      '--application-threshold must be a decimal integer >= 0, got 2.5',
    ],
    [['--access-log'], '--access-log needs a value (a file, a pattern or - for standard input)'],
    [
      ['--access-log', '--out', 'o'],
      '--access-log needs a value (a file, a pattern or - for standard input), got the option --out; write --access-log=VALUE for a value starting with -',
    ],
    [
      ['--access-log', '-', 'a.log', '-'],
      '--access-log: standard input (-) can be given only once',
    ],
    [
      ['--access-log', 'a', '--trusted-proxies', ',,,'],
      'trusted proxies ",,," list no address or CIDR block (expected e.g. 10.0.0.0/8,192.168.1.10)',
    ],
    [['--seed', '0x10'], '--seed must be a decimal integer, got 0x10'],
    [['--inject-faults'], '--inject-faults needs a value (a decimal integer seed >= 0)'],
    [['--inject-faults', '0x10'], '--inject-faults must be a decimal integer seed >= 0, got 0x10'],
    [['--inject-faults', '1e3'], '--inject-faults must be a decimal integer seed >= 0, got 1e3'],
    [['--inject-faults', '-1'], '--inject-faults must be a decimal integer seed >= 0, got -1'],
    [
      ['--access-log', 'a', '--inject-faults', 'seven'],
      '--inject-faults must be a decimal integer seed >= 0, got seven',
    ],
  ])('%j', (argv, expected) => {
    expect(message(argv)).toBe(expected);
  });

  it('refuses a catch-all trusted proxy range with the reason', () => {
    expect(
      message([
        '--access-log',
        'a',
        '--log-format',
        'combined_xff',
        '--trusted-proxies',
        '0.0.0.0/0',
      ]),
    ).toMatch(
      /^trusted proxy "0.0.0.0\/0" refused: 0.0.0.0\/0 is a catch-all block: .*X-Forwarded-For/,
    );
  });

  it('gives no message spanning lines', () => {
    for (const argv of [['--threshold'], ['--out'], ['--access-log', 'a', '--log-format', '$x']]) {
      expect(message(argv)).not.toContain('\n');
    }
  });
});

describe("parseCommand: relative paths are the user's (INIT_CWD under npm)", () => {
  const argv = [
    '--access-log',
    'a.log',
    '/var/log/b.log',
    '-',
    '--reference-csv',
    'm.csv',
    '--out',
    'o',
  ];

  it('resolves them from INIT_CWD when npm ran us elsewhere', () => {
    expect(parseWith(argv, { env: { INIT_CWD: '/home/me/logs' }, cwd: '/repo' })).toMatchObject({
      accessLogs: ['/home/me/logs/a.log', '/var/log/b.log', '-'],
      referenceCsv: '/home/me/logs/m.csv',
      outDir: '/home/me/logs/o',
    });
  });

  it("leaves them as given in the process's own directory, or without npm", () => {
    for (const env of [{ INIT_CWD: '/repo' }, {}]) {
      expect(parseWith(argv, { env, cwd: '/repo' })).toMatchObject({
        accessLogs: ['a.log', '/var/log/b.log', '-'],
        referenceCsv: 'm.csv',
        outDir: 'o',
      });
    }
  });
});
