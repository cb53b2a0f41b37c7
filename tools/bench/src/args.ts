import { parseArgs } from 'node:util';
import { SUITES } from './results';
import type { SuiteName } from './results';

export interface BenchOptions {
  quick: boolean;
  only: ReadonlySet<SuiteName>;
  out: string;
}

export const BENCH_USAGE =
  'Usage: npm run bench -- [--quick] [--only parser,formats,aggregator,publisher,lifecycle,e2e,alarm] [--out FILE]';

/** Parses `npm run bench` arguments; throws an Error with a readable message on bad ones. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: 'boolean' },
      only: { type: 'string' },
      out: { type: 'string' },
    },
  });
  let only: Set<SuiteName> = new Set(SUITES);
  if (values.only !== undefined) {
    const names = values.only
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const unknown = names.filter((n) => !(SUITES as readonly string[]).includes(n));
    if (names.length === 0 || unknown.length > 0) {
      throw new Error(
        `--only takes a comma-separated list of ${SUITES.join(', ')}; got ${JSON.stringify(values.only)}`,
      );
    }
    only = new Set(names as SuiteName[]);
  }
  return { quick: values.quick ?? false, only, out: values.out ?? 'bench/results.json' };
}
