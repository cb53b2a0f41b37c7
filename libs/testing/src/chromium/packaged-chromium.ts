// The headless Chromium that ships inside the npm package @sparticuz/chromium (brotli archives in
// its bin/, nothing downloaded at install time), so `npm ci` alone provides a browser.
//
// The package's own executablePath() extracts to os.tmpdir()/chromium and returns that path as
// soon as it exists: a second process starting while the first one still writes gets a truncated
// binary, and a run killed mid-extraction leaves one behind for good. So the package's extraction
// runs here in a child process whose TMPDIR is a private staging directory, and the finished
// directory is renamed into place: a rename is atomic, the first one wins, a loser discards its
// copy. A directory at the final path is therefore always complete.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const PACKAGE = '@sparticuz/chromium';
/** Written last into a finished extraction; its presence means the directory is complete. */
const MARKER = 'fleetlog-extracted.json';

/** A packaged browser ready to launch. */
export interface PackagedChromium {
  executablePath: string;
  /** The package's version, e.g. `153.0.0`. */
  version: string;
  /** Variables the browser needs (fontconfig, and the bundled NSS when the system has none). */
  env: Record<string, string>;
}

export interface PackagedChromiumOptions {
  /**
   * Directory holding one extracted browser per package version.
   * Default: `node_modules/.cache/fleetlog-chromium` next to the package (removed by `npm ci`),
   * or `<os.tmpdir()>/fleetlog-chromium-<uid>` when that is not writable.
   */
  cacheDir?: string;
}

const ready = new Map<string, Promise<PackagedChromium>>();

/**
 * The packaged browser, extracted on first use (2-9 s here, 210 MB on disk) and reused afterwards
 * by every process. Safe to call from parallel Jest workers; memoised within a process.
 */
export function packagedChromium(options: PackagedChromiumOptions = {}): Promise<PackagedChromium> {
  const key = options.cacheDir ?? '';
  let promise = ready.get(key);
  if (promise === undefined) {
    promise = preparePackagedChromium(options.cacheDir);
    // A failure is not cached: the next caller retries and gets its own error.
    promise.catch(() => ready.delete(key));
    ready.set(key, promise);
  }
  return promise;
}

/** `packagedChromium` without the per-process memo: every call checks, and may extract. */
export async function preparePackagedChromium(
  cacheDir: string | undefined,
): Promise<PackagedChromium> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `${PACKAGE} ships a Linux x64 browser; this is ${process.platform} ${process.arch}`,
    );
  }
  const pkg = locatePackage();
  const root = cacheDir ?? (await defaultCacheDir(pkg.root));
  await ensureOwnDir(root);
  const dir = join(root, `${pkg.version}-${process.platform}-${process.arch}`);
  if (!(await isComplete(dir))) await extractInto(dir, pkg);
  const executablePath = join(dir, 'chromium');
  return { executablePath, version: pkg.version, env: browserEnv(dir, executablePath) };
}

interface PackageLocation {
  root: string;
  entry: string;
  version: string;
}

function locatePackage(): PackageLocation {
  let entry: string;
  try {
    entry = require.resolve(PACKAGE);
  } catch (e) {
    throw new Error(`${PACKAGE} is not installed (run npm ci): ${(e as Error).message}`);
  }
  // build/index.js → the package root; its package.json is not in the package's exports.
  const root = dirname(dirname(entry));
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { root, entry, version: manifest.version };
}

async function defaultCacheDir(packageRoot: string): Promise<string> {
  // <node_modules>/@sparticuz/chromium → <node_modules>/.cache/fleetlog-chromium
  const inNodeModules = join(dirname(dirname(packageRoot)), '.cache', 'fleetlog-chromium');
  try {
    await mkdir(inNodeModules, { recursive: true, mode: 0o700 });
    return inNodeModules;
  } catch {
    return join(tmpdir(), `fleetlog-chromium-${process.getuid?.() ?? 'user'}`);
  }
}

/** Refuses a cache another user could have planted a binary in (e.g. a shared /tmp). */
async function ensureOwnDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const st = await lstat(dir);
  const uid = process.getuid?.();
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) {
    throw new Error(
      `refusing the browser cache ${dir}: it must be a directory owned by this user and ` +
        'writable by no one else',
    );
  }
}

async function isComplete(dir: string): Promise<boolean> {
  try {
    await readFile(join(dir, MARKER));
    return true;
  } catch {
    return false;
  }
}

// Runs in the child: the package is ESM and extracts into os.tmpdir(), here the staging directory.
// AL2023's libraries (NSS, expat) are extracted too: they stand in when the system has none.
const EXTRACT_SCRIPT = `
const [entryUrl] = process.argv.slice(1);
const { default: Chromium, inflate } = await import(entryUrl);
const { join, dirname } = await import('node:path');
const { fileURLToPath } = await import('node:url');
const exe = await Chromium.executablePath();
await inflate(join(dirname(dirname(fileURLToPath(entryUrl))), 'bin', 'al2023.tar.br'));
process.stdout.write(exe);
`;

/** Staging directories older than this were left by a run that was killed mid-extraction. */
const STALE_STAGING_MS = 10 * 60_000;

async function removeStaleStaging(root: string): Promise<void> {
  for (const name of await readdir(root)) {
    if (!name.startsWith('.staging-')) continue;
    const path = join(root, name);
    const st = await stat(path).catch(() => undefined);
    if (st && Date.now() - st.mtimeMs > STALE_STAGING_MS)
      await rm(path, { recursive: true, force: true });
  }
}

async function extractInto(dir: string, pkg: PackageLocation): Promise<void> {
  await removeStaleStaging(dirname(dir));
  const staging = await mkdtemp(join(dirname(dir), '.staging-'));
  try {
    const exe = await runExtraction(staging, pkg);
    if (exe !== join(staging, 'chromium')) {
      throw new Error(`${PACKAGE} extracted its browser to ${exe}, expected ${staging}/chromium`);
    }
    // The package's fonts.conf names /tmp/fonts; this one names where the fonts really are.
    await writeFile(
      join(staging, 'fonts', 'fonts.conf'),
      '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n' +
        `<fontconfig>\n  <dir>${join(dir, 'fonts', 'fonts')}</dir>\n</fontconfig>\n`,
    );
    await writeFile(
      join(staging, MARKER),
      JSON.stringify({ package: PACKAGE, version: pkg.version, at: new Date().toISOString() }),
    );
    try {
      await rename(staging, dir);
    } catch (e) {
      // Another process finished first: use its copy (complete, or it would not be there).
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !(await isComplete(dir))) throw e;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function runExtraction(staging: string, pkg: PackageLocation): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', EXTRACT_SCRIPT, pathToFileURL(pkg.entry).href],
      {
        cwd: staging,
        env: { ...process.env, TMPDIR: staging, TMP: staging, TEMP: staging },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(out.trim());
      else
        reject(
          new Error(
            `extracting ${PACKAGE} ${pkg.version} failed (${signal ?? `exit ${code}`}): ` +
              err.trim().slice(-2000),
          ),
        );
    });
  });
}

/**
 * fontconfig reads the bundled fonts only (a screenshot looks the same on every machine, and a
 * machine without fonts still renders). NSS and expat come from the system when it has them and
 * from the package's AL2023 set otherwise; `--version` loads every library, so it tells.
 */
function browserEnv(dir: string, executablePath: string): Record<string, string> {
  const env: Record<string, string> = { FONTCONFIG_PATH: join(dir, 'fonts') };
  if (!loads(executablePath, process.env)) {
    const libs = join(dir, 'al2023', 'lib');
    const ldPath = [libs, process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':');
    if (existsSync(libs) && loads(executablePath, { ...process.env, LD_LIBRARY_PATH: ldPath }))
      env['LD_LIBRARY_PATH'] = ldPath;
  }
  return env;
}

function loads(executablePath: string, env: NodeJS.ProcessEnv): boolean {
  const r = spawnSync(executablePath, ['--version'], { env, encoding: 'utf8', timeout: 20_000 });
  return r.status === 0 && /Chromium/.test(r.stdout);
}
