import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAILED_STEPS_FILE, optionalStep } from './user-data-steps';

// Runs the generated lines in a real bash under `set -euo pipefail`, as cloud-init does.
function run(lines: string[], root: string): { stdout: string; stderr: string; code: number } {
  const script = ['set -euo pipefail', ...lines, 'echo after']
    .join('\n')
    .replaceAll(FAILED_STEPS_FILE, join(root, 'failed-steps'));
  try {
    const stdout = execFileSync('bash', ['-c', script], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '' },
    });
    return { stdout, stderr: '', code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; status: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.status };
  }
}

describe('optionalStep', () => {
  it('reports a failed step and lets the script go on (set -euo pipefail)', () => {
    const root = mkdtempSync(join(tmpdir(), 'fleetlog-ud-'));
    const result = run(optionalStep('kinesis-agent', 'false | cat && exit 7'), root);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('after');
    const failed = readFileSync(join(root, 'failed-steps'), 'utf8');
    expect(failed).toBe('kinesis-agent\n');
  });

  it('records nothing when the step succeeds', () => {
    const root = mkdtempSync(join(tmpdir(), 'fleetlog-ud-'));
    const result = run(optionalStep('ok-step', 'true'), root);
    expect(result.code).toBe(0);
    expect(() => readFileSync(join(root, 'failed-steps'), 'utf8')).toThrow(/ENOENT/);
  });

  it('without it, the same failure stops the script', () => {
    const root = mkdtempSync(join(tmpdir(), 'fleetlog-ud-'));
    expect(run(['false | cat'], root).code).not.toBe(0);
  });

  it('refuses a step name that could break the script', () => {
    expect(() => optionalStep('a; rm -rf /', 'true')).toThrow(/step name/);
  });
});
