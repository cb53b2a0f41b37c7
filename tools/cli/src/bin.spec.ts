// The `fleetlog` bin (root package.json) as `npx fleetlog` runs it: no build step, and standard
// output that carries nothing but the command's own output, so it pipes into jq.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

describe('the fleetlog bin', () => {
  it('is the root package.json bin and parses standard input into JSON lines only', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(pkg.bin['fleetlog']).toBe('tools/cli/bin/fleetlog.cjs');
    const env = { ...process.env };
    delete env['TSX_TSCONFIG_PATH'];
    const run = spawnSync(process.execPath, [join(ROOT, pkg.bin['fleetlog']), 'parse'], {
      // Another directory: the bin finds the workspace's path aliases on its own.
      cwd: '/',
      env,
      input:
        '10.0.0.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"\nnot a line\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l) as { line: number; ok: boolean })).toEqual([
      expect.objectContaining({ line: 1, ok: true }),
      expect.objectContaining({ line: 2, ok: false }),
    ]);
  }, 60_000);
});
