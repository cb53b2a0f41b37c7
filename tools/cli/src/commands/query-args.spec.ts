import { resolve } from 'node:path';
import { UsageError } from '../io';
import { readQueryArgs } from './query-args';

const RANGE = ['--from', '2015-05-17T10:00:00Z', '--to', '2015-05-17T11:00:00Z'];

describe('readQueryArgs', () => {
  it('reads a named query, its parameters and the default archive from where the user ran npm', () => {
    expect(
      readQueryArgs(['top-paths', '--application=checkout', ...RANGE, '--json'], {
        INIT_CWD: '/home/me/logs',
      }),
    ).toEqual({
      name: 'top-paths',
      sql: undefined,
      parameters: { application: 'checkout', from: RANGE[1], to: RANGE[3] },
      target: { kind: 'local', archiveDir: '/home/me/logs/out/archive' },
      json: true,
    });
    expect(readQueryArgs(['--sql', 'SELECT 1', '--archive', 'a'], {}).target).toEqual({
      kind: 'local',
      archiveDir: resolve(process.cwd(), 'a'),
    });
  });

  it('reads an Athena run, the region from the environment when not given', () => {
    expect(
      readQueryArgs(['unknown-hosts', ...RANGE, '--athena', '--stack', 'fleetlog'], {
        AWS_REGION: 'eu-west-1',
      }).target,
    ).toEqual({ kind: 'athena', stackName: 'fleetlog', region: 'eu-west-1' });
  });

  it.each([
    [[], /give a named query .* or --sql SQL/],
    [['host', '--sql', 'SELECT 1'], /give a named query/],
    [['a', 'b'], /one query name, got a b/],
    [['host', '--colour'], /unexpected argument "--colour"/],
    [['host', '--from'], /--from needs a value/],
    [['host', '--from', '--to', 'x'], /--from needs a value/],
    [['host', '--host', 'a', '--host', 'b'], /--host given twice/],
    [['--sql', 'SELECT 1', '--host', 'a'], /--sql takes no query parameters/],
    [['host', '--athena'], /--athena needs --stack NAME/],
    [['host', '--athena', '--stack', 's', '--archive', 'd'], /--archive reads a local folder/],
    [['host', '--stack', 's'], /--stack and --region go with --athena/],
  ])('refuses %j as usage (exit 2)', (args, message) => {
    let error: unknown;
    try {
      readQueryArgs(args, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });
});
