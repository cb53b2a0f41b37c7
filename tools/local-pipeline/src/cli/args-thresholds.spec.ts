import { parseCommand, UsageError } from './args';

describe('parseCommand: alarm thresholds of a replay', () => {
  it('takes --threshold and --application-threshold', () => {
    expect(
      parseCommand(['--access-log', 'a.log', '--threshold', '5', '--application-threshold=2500']),
    ).toMatchObject({ kind: 'replay', unknownSourceThreshold: 5, applicationThreshold: 2500 });
  });

  it('leaves them out when not given, so the shared defaults apply', () => {
    const command = parseCommand(['--access-log', 'a.log']);
    expect(command).not.toHaveProperty('unknownSourceThreshold');
    expect(command).not.toHaveProperty('applicationThreshold');
  });

  it.each([
    [['--access-log', 'a', '--threshold', 'many']],
    [['--access-log', 'a', '--threshold', '-1']],
    [['--access-log', 'a', '--application-threshold', '']],
    [['--access-log', 'a', '--application-threshold']],
    [['--threshold', '5']],
    [['--application-threshold', '5']],
  ])('rejects %j as a usage error', (argv) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
  });
});
