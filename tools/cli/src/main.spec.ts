import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

/** Runs the real CLI as `npm run fleetlog` would, returning its exit code and stderr. */
function fleetlog(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    // --tsconfig: tsx finds no tsconfig.json at the root, and the @fleetlog/* paths live in the base.
    const child = spawn(
      join(root, 'node_modules/.bin/tsx'),
      ['--tsconfig', 'tsconfig.base.json', 'tools/cli/src/main.ts', ...args],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
  });
}

describe('fleetlog process', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetlog-main-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 2 on wrong arguments and 1 on a bad CSV', async () => {
    const badCsv = join(dir, 'bad.csv');
    await writeFile(badCsv, 'Host,ApplicationName,Contact\nnot-an-ip,app,\n');
    const [badArgs, badFile] = await Promise.all([
      fleetlog(['no-such-command']),
      fleetlog(['csv', 'validate', badCsv]),
    ]);
    expect(badArgs).toEqual({
      code: 2,
      stderr: expect.stringContaining('Usage: npm run fleetlog'),
    });
    expect(badFile).toEqual({
      code: 1,
      stderr: `${badCsv}:2: host "not-an-ip" is not an IPv4 or IPv6 address or CIDR block\n`,
    });
  });
});
