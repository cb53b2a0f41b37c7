import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The monorepo root: the nearest ancestor holding nx.json and package-lock.json. Lambda bundling
 * runs from there so esbuild sees the lockfile, node_modules and tsconfig.base.json aliases.
 */
export function findRepoRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'nx.json')) && existsSync(join(dir, 'package-lock.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`No monorepo root (nx.json + package-lock.json) above ${start}`);
    dir = parent;
  }
}
