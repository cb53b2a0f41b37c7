import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputLockedError } from './run-lock';
import { abandonOutputs, commitOutputs, stageOutputs } from './staged-outputs';

describe('stageOutputs', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetlog-staged-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('commit moves the run’s files into --out, keeps the files it did not write, releases the lock', async () => {
    const out = join(dir, 'out');
    await mkdir(out);
    await writeFile(join(out, 'dashboard.html'), 'old');
    await writeFile(join(out, 'notes.txt'), 'mine');
    const staged = await stageOutputs(out);
    expect(staged.stagingDir).toBe(`${out}.run-${process.pid}`);
    expect(existsSync(`${out}.lock`)).toBe(true);
    await writeFile(join(staged.stagingDir, 'dashboard.html'), 'new');
    await writeFile(join(staged.stagingDir, 'aggregates.jsonl'), '{}\n');
    // Until the commit, --out is the previous run's.
    expect(await readFile(join(out, 'dashboard.html'), 'utf8')).toBe('old');
    await commitOutputs(staged);
    expect((await readdir(out)).sort()).toEqual([
      'aggregates.jsonl',
      'dashboard.html',
      'notes.txt',
    ]);
    expect(await readFile(join(out, 'dashboard.html'), 'utf8')).toBe('new');
    expect(existsSync(staged.stagingDir)).toBe(false);
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it('commit replaces a directory output (archive/) whole, and removes an obsolete one', async () => {
    const out = join(dir, 'out');
    await mkdir(join(out, 'archive', 'old-partition'), { recursive: true });
    await writeFile(join(out, 'archive', 'old-partition', 'part.json.gz'), 'old');
    const staged = await stageOutputs(out);
    await mkdir(join(staged.stagingDir, 'archive', 'new-partition'), { recursive: true });
    await writeFile(join(staged.stagingDir, 'archive', 'new-partition', 'part.json.gz'), 'new');
    await commitOutputs(staged);
    expect(await readdir(join(out, 'archive'))).toEqual(['new-partition']);
    expect(existsSync(staged.stagingDir)).toBe(false);

    const next = await stageOutputs(out);
    await writeFile(join(next.stagingDir, 'dashboard.html'), 'new');
    await commitOutputs(next, ['archive']);
    expect(await readdir(out)).toEqual(['dashboard.html']);
  });

  it('abandon leaves --out alone and keeps what was written in <out>.partial', async () => {
    const out = join(dir, 'out');
    await mkdir(out);
    await writeFile(join(out, 'aggregates.jsonl'), 'previous\n');
    const staged = await stageOutputs(out);
    await writeFile(join(staged.stagingDir, 'aggregates.jsonl'), 'partial\n');
    expect(await abandonOutputs(staged)).toBe(`${out}.partial`);
    expect(await readFile(join(out, 'aggregates.jsonl'), 'utf8')).toBe('previous\n');
    expect(await readFile(join(`${out}.partial`, 'aggregates.jsonl'), 'utf8')).toBe('partial\n');
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it('abandon keeps nothing when the run wrote nothing but empty files', async () => {
    const out = join(dir, 'never');
    const staged = await stageOutputs(out);
    await writeFile(join(staged.stagingDir, 'metrics.jsonl'), '');
    expect(await abandonOutputs(staged)).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('locks the real directory: a second run through a symbolic link is refused', async () => {
    const out = join(dir, 'out');
    await mkdir(out);
    await symlink(out, join(dir, 'link'));
    const first = await stageOutputs(join(dir, 'link'));
    expect(first.finalDir).toBe(out);
    await expect(stageOutputs(out)).rejects.toThrow(OutputLockedError);
    await abandonOutputs(first);
  });

  it('refuses a file in the way as one line (ENOTDIR), before taking any lock', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(stageOutputs(join(dir, 'file'))).rejects.toThrow(
      `cannot write output directory ${join(dir, 'file')}: a file is in the way, not a directory (ENOTDIR)`,
    );
    expect(existsSync(join(dir, 'file.lock'))).toBe(false);
  });

  it('removes the staging directories of runs that died', async () => {
    const out = join(dir, 'out');
    await mkdir(`${out}.run-999999`);
    await writeFile(join(`${out}.run-999999`, 'aggregates.jsonl'), 'x');
    await mkdir(`${out}.run-notes`);
    const staged = await stageOutputs(out);
    expect(existsSync(`${out}.run-999999`)).toBe(false);
    expect(existsSync(`${out}.run-notes`)).toBe(true);
    await abandonOutputs(staged);
  });

  // Root ignores permissions: this one runs where the tests do not run as root (CI).
  const asUser = process.getuid?.() === 0 ? it.skip : it;
  asUser(
    'locks and stages inside --out when its parent is not writable (--out . at home)',
    async () => {
      const parent = join(dir, 'home');
      const out = join(parent, 'me');
      await mkdir(out, { recursive: true });
      await chmod(parent, 0o555);
      try {
        const staged = await stageOutputs(out);
        expect(staged.stagingDir).toBe(join(out, `.fleetlog.run-${process.pid}`));
        expect(existsSync(join(out, '.fleetlog.lock'))).toBe(true);
        await writeFile(join(staged.stagingDir, 'dashboard.html'), 'new');
        await commitOutputs(staged);
        expect((await readdir(out)).sort()).toEqual(['dashboard.html']);
      } finally {
        await chmod(parent, 0o755);
      }
    },
  );
});
