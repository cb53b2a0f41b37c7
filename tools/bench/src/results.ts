import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { budgetFor, judge } from './budgets';
import type { Verdict } from './budgets';
import type { Summary } from './stats';

/** One measured figure. Throughputs and sizes use the median of several runs after a warm-up. */
export interface Figure extends Summary {
  id: string;
  suite: SuiteName;
  label: string;
  unit: string;
  /** e.g. "0.41x ours" for the baselines. */
  note?: string;
  budget?: { text: string; verdict: Verdict };
}

/**
 * Run order. `npm run bench` gives each suite its own process (suite-processes.ts); `formats`
 * still goes last for callers of runBench that run several in one: it drives six compiled
 * formats through one call site, and the megamorphic code it leaves behind halved the replay
 * figure of a later `e2e` in the same process (469,000 against 984,000 lines/s, 2026-11-30).
 */
export const SUITES = [
  'parser',
  'e2e',
  'aggregator',
  'publisher',
  'lifecycle',
  'alarm',
  'formats',
] as const;
export type SuiteName = (typeof SUITES)[number];

export interface Skipped {
  suite: SuiteName;
  what: string;
  reason: string;
}

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  node: string;
  platform: string;
  arch: string;
}

export interface BenchResults {
  version: 1;
  date: string;
  quick: boolean;
  command: string;
  machine: Machine;
  figures: Figure[];
  skipped: Skipped[];
}

export function machineInfo(): Machine {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryBytes: totalmem(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
  };
}

/** A figure with its budget verdict attached, when ARCHITECTURE.md section 8 has one for it. */
export function figure(
  suite: SuiteName,
  id: string,
  label: string,
  unit: string,
  summary: Summary,
  note?: string,
): Figure {
  const budget = budgetFor(id);
  return {
    id,
    suite,
    label,
    unit,
    ...summary,
    ...(note === undefined ? {} : { note }),
    ...(budget === undefined
      ? {}
      : { budget: { text: budget.text, verdict: judge(budget, summary.median) } }),
  };
}

/** A count that does not vary between runs (API calls, bytes). */
export function exact(value: number): Summary {
  return { median: value, min: value, max: value, runs: 1 };
}

export async function writeResults(path: string, results: BenchResults): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
}
