import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { readMeasuredDuration } from './bench-figure';
import { formatCostReport } from './format';
import { DEFAULT_INPUTS, type CostInputs } from './inputs';
import { estimateMonthlyCost } from './model';

export const COST_SYNOPSIS =
  '--lines-per-month N [--apps A] [--shards S] [--line-bytes B] [--lines-per-record L] ' +
  '[--peak-factor F] [--results FILE] [--json]';
export const COST_SUMMARY =
  'monthly AWS bill of a deployment, beside Kinesis Data Analytics SQL and Managed Flink';

const DEFAULT_RESULTS = 'bench/results.json';

class ArgumentError extends Error {}

/** A count like 10000000, 1e7, 10_000_000 or 10,000,000. */
export function parseCount(name: string, text: string | undefined, min: number): number {
  const cleaned = (text ?? '').replace(/[_,]/g, '');
  const value = cleaned === '' ? NaN : Number(cleaned);
  if (!Number.isFinite(value) || value < min) {
    throw new ArgumentError(`--${name} must be a number >= ${min}, got ${JSON.stringify(text)}`);
  }
  return value;
}

async function write(stream: Writable, text: string): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    stream.write(text, (error) => (error ? reject(error) : resolve())),
  );
}

/** `fleetlog cost ...`: prints the bill; 0 on success, 2 on bad arguments. */
export async function runCostCommand(
  args: readonly string[],
  io: { stdout: Writable; stderr: Writable },
): Promise<number> {
  let inputs: CostInputs;
  let json: boolean;
  try {
    const { values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        'lines-per-month': { type: 'string' },
        apps: { type: 'string' },
        shards: { type: 'string' },
        'line-bytes': { type: 'string' },
        'lines-per-record': { type: 'string' },
        'peak-factor': { type: 'string' },
        results: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    if (values['lines-per-month'] === undefined) {
      throw new ArgumentError('--lines-per-month is required');
    }
    const integer = (name: string, text: string | undefined, min: number, fallback: number) => {
      if (text === undefined) return fallback;
      const n = parseCount(name, text, min);
      if (!Number.isInteger(n)) throw new ArgumentError(`--${name} must be a whole number`);
      return n;
    };
    const measured = await readMeasuredDuration(values.results ?? DEFAULT_RESULTS);
    inputs = {
      ...DEFAULT_INPUTS,
      linesPerMonth: parseCount('lines-per-month', values['lines-per-month'], 0),
      apps: integer('apps', values.apps, 1, DEFAULT_INPUTS.apps),
      shards: values.shards === undefined ? undefined : integer('shards', values.shards, 1, 1),
      lineBytes:
        values['line-bytes'] === undefined
          ? DEFAULT_INPUTS.lineBytes
          : parseCount('line-bytes', values['line-bytes'], 1),
      linesPerRecord: integer(
        'lines-per-record',
        values['lines-per-record'],
        1,
        DEFAULT_INPUTS.linesPerRecord,
      ),
      peakFactor:
        values['peak-factor'] === undefined
          ? DEFAULT_INPUTS.peakFactor
          : parseCount('peak-factor', values['peak-factor'], 1),
      ...(measured.ok
        ? { secondsPerRecord: measured.secondsPerRecord, secondsPerRecordSource: measured.source }
        : {
            secondsPerRecordSource: `${DEFAULT_INPUTS.secondsPerRecordSource}; ${measured.reason}`,
          }),
    };
    json = values.json ?? false;
  } catch (error) {
    // parseArgs throws TypeError with a code for unknown or malformed options.
    const known =
      error instanceof ArgumentError || (error as { code?: unknown }).code !== undefined;
    if (!known) throw error;
    await write(
      io.stderr,
      `fleetlog cost: ${(error as Error).message}\nUsage: npm run fleetlog -- cost ${COST_SYNOPSIS}\n`,
    );
    return 2;
  }
  const report = estimateMonthlyCost(inputs);
  await write(io.stdout, json ? `${JSON.stringify(report, null, 2)}\n` : formatCostReport(report));
  return 0;
}
