import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** The repository's root: where `npm start` runs. */
export const REPO_ROOT = resolve(__dirname, '../../../..');

/** How a run of the entry point ended, and what it printed. */
export interface MainRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm start -- ARGS` as people run it, through the real entry point (node + tsx on main.ts),
 * without colour settings inherited from the test runner. `stdin`: bytes for standard input
 * (closed otherwise); `onStart`: the child, as soon as it is spawned (signals, timing).
 */
export function spawnMain(
  args: string[],
  options: { stdin?: Buffer; onStart?: (child: ChildProcess) => void } = {},
): Promise<MainRun> {
  return new Promise((done, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.base.json' };
    delete env['FORCE_COLOR'];
    delete env['NO_COLOR'];
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tools/local-pipeline/src/main.ts', ...args],
      { cwd: REPO_ROOT, env, stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => done({ code, stdout, stderr }));
    if (options.stdin) child.stdin?.end(options.stdin);
    options.onStart?.(child);
  });
}
