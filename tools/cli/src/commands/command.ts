import type { CliIo } from '../io';

/** One `fleetlog` command. Register it in commands/index.ts with one line. */
export interface CliCommand {
  /** Words that select the command, e.g. ['csv', 'validate']. */
  readonly path: readonly string[];
  /** Argument synopsis shown after the path in the usage, e.g. 'FILE'. */
  readonly synopsis: string;
  readonly summary: string;
  /** Runs with the arguments after the path; resolves to the exit code. Throws UsageError on bad arguments. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
