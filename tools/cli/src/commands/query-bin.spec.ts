// `npx fleetlog query` through the real bin (tsx, no build): the lazily loaded halves (DuckDB, the
// Athena client) load, relative paths are the user's (INIT_CWD), and the exit codes hold.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LocalArchive } from '@fleetlog/archive';
import { HostLookup } from '@fleetlog/reference-data';

const BIN = resolve(__dirname, '../../bin/fleetlog.cjs');
const LINE = (path: string) =>
  `10.0.1.7 - - [17/May/2015:10:05:03 +0000] "GET ${path} HTTP/1.1" 200 5 "-" "curl/8"`;

let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'fleetlog-query-bin-'));
  const archive = new LocalArchive(join(root, 'out/archive'), { now: () => Date.UTC(2015, 4, 18) });
  const lookup = new HostLookup([{ host: '10.0.1.7', applicationName: 'checkout', contact: null }]);
  await archive.addRecord(Buffer.from([LINE('/a'), LINE('/a'), LINE('/b')].join('\n')), lookup, 0);
  await archive.close();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fleetlog(args: string[], extraEnv: NodeJS.ProcessEnv = {}, unset: string[] = []) {
  const env: NodeJS.ProcessEnv = { ...process.env, INIT_CWD: root, ...extraEnv };
  for (const name of ['TSX_TSCONFIG_PATH', ...unset]) delete env[name];
  return spawnSync(process.execPath, [BIN, 'query', ...args], {
    cwd: '/',
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const RANGE = ['--from', '2015-05-17T10:00:00Z', '--to', '2015-05-17T11:00:00Z'];

describe('npx fleetlog query', () => {
  it('answers top-paths from out/archive under the directory the user ran npm in', () => {
    const run = fleetlog(['top-paths', '--application', 'checkout', ...RANGE, '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(
      run.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      {
        path: '/a',
        requestCount: 2,
        statusCounts: { '200': 2 },
        userAgents: 1,
        topUserAgent: 'curl/8',
      },
      {
        path: '/b',
        requestCount: 1,
        statusCounts: { '200': 1 },
        userAgents: 1,
        topUserAgent: 'curl/8',
      },
    ]);
  }, 60_000);

  it('exits 1 with one line for an unknown query, 2 for a malformed command line', () => {
    const unknown = fleetlog(['nope', ...RANGE]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^fleetlog query: unknown named query "nope": .*\n$/);
    expect(fleetlog(['host', '--nope']).status).toBe(2);
  }, 60_000);

  it('loads the Athena half and says what is missing without reaching AWS', () => {
    // A closed local port and no profile: nothing can leave this machine.
    const run = fleetlog(
      ['unknown-hosts', ...RANGE, '--athena', '--stack', 'FleetLog'],
      {
        AWS_CONFIG_FILE: join(root, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(root, 'no-credentials'),
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      },
      ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE'],
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('fleetlog query: no AWS region: give --region R or set AWS_REGION\n');
  }, 60_000);
});
