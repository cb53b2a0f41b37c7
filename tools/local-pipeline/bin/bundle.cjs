// Bundles a TypeScript entry of this workspace with esbuild into tmp/fleetlog-start/, once per
// state of the sources: used by `npm start` (bin/start.cjs) and by the replay's worker threads,
// which would otherwise compile every module through tsx again at each start.
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..', '..');
/** Everything the entry can import from the workspace. */
const SOURCE_ROOTS = ['apps', 'libs', join('tools', 'local-pipeline', 'src')];
// Native or dynamically loaded packages stay in node_modules (only the demo loads them).
const EXTERNAL = ['dynalite', 'kinesalite', 's3rver'];

function fingerprint() {
  const hash = createHash('sha256');
  hash.update(`${process.version}\n${require('esbuild/package.json').version}\n`);
  hash.update(statSync(join(ROOT, 'tsconfig.base.json')).mtimeMs.toString());
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name === 'cdk.out' || e.name.startsWith('.')) continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(ts|cjs|js|json)$/.test(e.name)) {
        const s = statSync(path);
        hash.update(`${path}\n${s.size}\n${s.mtimeMs}\n`);
      }
    }
  };
  for (const root of SOURCE_ROOTS) walk(join(ROOT, root));
  return hash.digest('hex').slice(0, 16);
}

/** The bundle of `entry` (a path inside the workspace) for the sources as they are now. */
function bundle(entry, name) {
  const dir = join(ROOT, 'tmp', 'fleetlog-start');
  const out = join(dir, `${name}-${fingerprint()}.cjs`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const partial = `${out}.${process.pid}.tmp`;
  require('esbuild').buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    format: 'cjs',
    outfile: partial,
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    external: EXTERNAL,
    // Error messages and checks name classes (constructor.name): keep them as written.
    keepNames: true,
    logLevel: 'error',
  });
  renameSync(partial, out); // atomic: two starts at once both end with a whole file
  // Bundles of older sources are never used again.
  for (const stale of readdirSync(dir)) {
    if (stale.startsWith(`${name}-`) && join(dir, stale) !== out && stale.endsWith('.cjs')) {
      rmSync(join(dir, stale), { force: true });
    }
  }
  return out;
}

module.exports = { bundle, ROOT };
