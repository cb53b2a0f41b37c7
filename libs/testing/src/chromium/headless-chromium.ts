// One way for browser specs to start a headless Chromium through playwright-core. The browser is
// `FLEETLOG_CHROMIUM` when set, otherwise the one packaged in the lockfile (@sparticuz/chromium):
// `npm ci` is all a machine needs. When no browser starts, the error says which one and why;
// specs must fail on it, never skip.
//
// playwright-core is loaded only when a browser is launched (about 0.5 s and 45 MB per process),
// so that importing @fleetlog/testing for its fakes costs nothing: only its types are imported
// here. packaged-chromium.ts never loads @sparticuz/chromium itself (its extraction runs in a
// child process).
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { packagedChromium } from './packaged-chromium';

/** Environment variable naming a Chrome/Chromium executable to use instead of the packaged one. */
export const CHROMIUM_ENV = 'FLEETLOG_CHROMIUM';

/**
 * Flags on top of playwright's own (which already set --headless, --no-sandbox,
 * --disable-dev-shm-usage and its own --disable-features list). The machine may be offline:
 * nothing in the browser may phone home. Deliberately not taken from @sparticuz/chromium's
 * Lambda `args`: --single-process closes the browser on a second context, and its
 * --disable-features would replace playwright's list, --disable-web-security would hide bugs.
 */
export const HEADLESS_CHROMIUM_ARGS: readonly string[] = [
  '--disable-gpu', // canvas 2D renders in software; no GPU process to fail on a server
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--disable-sync',
  '--disable-quic',
  '--no-pings',
  '--no-first-run',
];

/** Which browser a launch uses. */
export interface ResolvedChromium {
  executablePath: string;
  /** Where it came from, for messages: `FLEETLOG_CHROMIUM` or `@sparticuz/chromium <version>`. */
  source: string;
  /** Extra environment variables the browser needs. */
  env: Record<string, string>;
}

export interface HeadlessChromiumOptions {
  /** Environment to read `FLEETLOG_CHROMIUM` from. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Cache of the extracted packaged browser. Default: see `packagedChromium`. */
  cacheDir?: string;
  /** How long the browser may take to start, in ms. Default: 30,000. */
  timeoutMs?: number;
}

/** `FLEETLOG_CHROMIUM` when set (and then it must exist), else the packaged browser. */
export async function resolveChromium(
  options: HeadlessChromiumOptions = {},
): Promise<ResolvedChromium> {
  const configured = (options.env ?? process.env)[CHROMIUM_ENV];
  if (configured) {
    try {
      await access(configured, constants.X_OK);
    } catch {
      throw new Error(
        `${CHROMIUM_ENV}=${configured}: no executable file there. Point it at a Chrome or ` +
          'Chromium executable, or unset it to use the browser packaged in @sparticuz/chromium.',
      );
    }
    return { executablePath: configured, source: CHROMIUM_ENV, env: {} };
  }
  try {
    const packaged = await packagedChromium({ cacheDir: options.cacheDir });
    return {
      executablePath: packaged.executablePath,
      source: `@sparticuz/chromium ${packaged.version}`,
      env: packaged.env,
    };
  } catch (e) {
    throw new Error(
      `No headless Chromium: the browser packaged in @sparticuz/chromium could not be prepared ` +
        `(${(e as Error).message}). Set ${CHROMIUM_ENV} to a Chrome or Chromium executable.`,
    );
  }
}

/** A started headless browser; the caller closes it. */
export async function launchHeadlessChromium(
  options: HeadlessChromiumOptions = {},
): Promise<Browser> {
  const resolved = await resolveChromium(options);
  const { chromium } = await import('playwright-core');
  try {
    return await chromium.launch({
      executablePath: resolved.executablePath,
      args: [...HEADLESS_CHROMIUM_ARGS],
      headless: true,
      // Tests run as root in CI containers, where Chromium refuses its sandbox.
      chromiumSandbox: false,
      env: { ...process.env, ...resolved.env },
      timeout: options.timeoutMs ?? 30_000,
    });
  } catch (e) {
    throw new Error(
      `Headless Chromium from ${resolved.source} (${resolved.executablePath}) did not start: ` +
        (e as Error).message,
    );
  }
}
