import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchHeadlessChromium, resolveChromium } from './headless-chromium';
import { preparePackagedChromium, type PackagedChromium } from './packaged-chromium';

const chromiumVersion = (executablePath: string, env: Record<string, string>): string =>
  execFileSync(executablePath, ['--version'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  }).trim();

const makeTempDir = (prefix: string): Promise<string> =>
  mkdtemp(join(tmpdir(), `fleetlog-${prefix}-`));
const removeDir = (dir: string | undefined): Promise<void> =>
  dir === undefined ? Promise.resolve() : rm(dir, { recursive: true, force: true });

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Resolves once a `chromium` file exists anywhere under `dir`. */
async function writingStarted(dir: string): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    const names = await readdir(dir, { recursive: true });
    if (names.some((n) => n === 'chromium' || n.endsWith('/chromium'))) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no extraction started under ${dir}`);
}

describe('resolveChromium / launchHeadlessChromium', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await makeTempDir('chromium');
  });

  afterAll(async () => {
    await removeDir(dir);
  });

  it('takes FLEETLOG_CHROMIUM first, and refuses a path with nothing there', async () => {
    const fake = join(dir, 'fake-chrome');
    await writeFile(fake, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    await expect(resolveChromium({ env: { FLEETLOG_CHROMIUM: fake } })).resolves.toEqual({
      executablePath: fake,
      source: 'FLEETLOG_CHROMIUM',
      env: {},
    });
    // An explicit choice that does not exist is an error, not a silent fallback.
    await expect(
      resolveChromium({ env: { FLEETLOG_CHROMIUM: join(dir, 'missing') } }),
    ).rejects.toThrow(/^FLEETLOG_CHROMIUM=.*missing: no executable file there/);
  });

  it('fails with the browser, its origin and its own words when it does not start', async () => {
    const broken = join(dir, 'broken-chrome');
    // What a browser missing a system library prints before it exits.
    const script = '#!/bin/sh\necho "libnss3.so: cannot open shared object" >&2\nexit 127\n';
    await writeFile(broken, script, { mode: 0o755 });
    await expect(
      launchHeadlessChromium({ env: { FLEETLOG_CHROMIUM: broken }, timeoutMs: 10_000 }),
    ).rejects.toThrow(
      new RegExp(
        `^Headless Chromium from FLEETLOG_CHROMIUM \\(${escape(broken)}\\) did not start:` +
          '[\\s\\S]*libnss3\\.so: cannot open',
      ),
    );
  });

  it('uses the browser packaged in @sparticuz/chromium when FLEETLOG_CHROMIUM is unset', async () => {
    const resolved = await resolveChromium({ env: {} });
    expect(resolved.source).toMatch(/^@sparticuz\/chromium \d+\.\d+\.\d+$/);
    expect(resolved.env['FONTCONFIG_PATH']).toBeDefined();
    expect(chromiumVersion(resolved.executablePath, resolved.env)).toMatch(/^Chromium \d+\./);
  }, 120_000);

  it('starts the packaged browser; a second context works (no --single-process)', async () => {
    const browser = await launchHeadlessChromium({ env: {} });
    try {
      for (const n of [1, 2]) {
        const context = await browser.newContext({ offline: true });
        const page = await context.newPage();
        await page.setContent(`<p id="n">${n}</p>`);
        expect(await page.textContent('#n')).toBe(String(n));
        await context.close();
      }
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('preparePackagedChromium', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await makeTempDir('chromium-cache');
  });

  afterAll(async () => {
    await removeDir(dir);
  });

  it('lets simultaneous extractions race: both get one complete browser, no debris', async () => {
    const cache = join(dir, 'cache');
    await mkdir(cache, { mode: 0o700 });
    // Left by a run killed mid-extraction an hour ago, and one still being written right now.
    const stale = join(cache, '.staging-killed');
    const live = join(cache, '.staging-live');
    await mkdir(stale);
    await mkdir(live);
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(stale, hourAgo, hourAgo);

    // Each caller runs the browser the moment it has it. The second starts while the first is
    // still writing a binary: it must not take that half-written file for a browser.
    const ready = (): Promise<PackagedChromium & { runs: string }> =>
      preparePackagedChromium(cache).then((r) => ({
        ...r,
        runs: chromiumVersion(r.executablePath, r.env),
      }));
    const first = ready();
    await writingStarted(cache);
    const [a, b] = await Promise.all([first, ready()]);
    expect(a.runs).toMatch(/^Chromium \d+\./);
    expect(b).toEqual(a);
    expect(a.executablePath.startsWith(cache)).toBe(true);
    const entries = await readdir(cache);
    expect(entries.sort()).toEqual(['.staging-live', `${a.version}-linux-x64`]);
    // Reused afterwards, not extracted again.
    const before = (await stat(a.executablePath)).mtimeMs;
    await expect(preparePackagedChromium(cache)).resolves.toEqual({
      executablePath: a.executablePath,
      version: a.version,
      env: a.env,
    });
    expect((await stat(a.executablePath)).mtimeMs).toBe(before);
  }, 180_000);

  it('refuses a cache directory others can write to', async () => {
    const shared = join(dir, 'shared');
    await mkdir(shared);
    await chmod(shared, 0o777);
    await expect(preparePackagedChromium(shared)).rejects.toThrow(
      /refusing the browser cache .*shared: it must be a directory owned by this user/,
    );
    expect(await readdir(shared)).toEqual([]);
  });
});
