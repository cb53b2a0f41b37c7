import type { CliCommand } from './commands/command';
import { UsageError, writeWithBackpressure } from './io';
import type { CliIo } from './io';

export const EXIT_USAGE = 2;

/** The usage text, listing every registered command. */
export function usage(commands: readonly CliCommand[]): string {
  const lines = commands.map((c) => {
    const left = `  ${[...c.path, c.synopsis].join(' ')}`;
    // Long synopses get their summary on the next line rather than a ragged column.
    return left.length < 46
      ? `${left.padEnd(46)} ${c.summary}`
      : `${left}\n${' '.repeat(47)}${c.summary}`;
  });
  return ['Usage: npm run fleetlog -- <command> [options]', '', 'Commands:', ...lines, ''].join(
    '\n',
  );
}

const isHelp = (arg: string) => arg === '--help' || arg === '-h' || arg === 'help';

/** The command whose path is the longest prefix of `argv`. */
function findCommand(
  argv: readonly string[],
  commands: readonly CliCommand[],
): CliCommand | undefined {
  let best: CliCommand | undefined;
  for (const command of commands) {
    const matches = command.path.every((word, i) => argv[i] === word);
    if (matches && (best === undefined || command.path.length > best.path.length)) best = command;
  }
  return best;
}

/** Dispatches `argv` (without node and script) to a command; resolves to the exit code. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CliCommand[],
): Promise<number> {
  if (argv.length > 0 && isHelp(argv[0])) {
    await writeWithBackpressure(io.stdout, usage(commands));
    return 0;
  }
  const command = findCommand(argv, commands);
  try {
    if (command === undefined) {
      throw new UsageError(
        argv.length === 0 ? 'no command given' : `unknown command: ${argv.join(' ')}`,
      );
    }
    const args = argv.slice(command.path.length);
    if (args.some(isHelp)) {
      await writeWithBackpressure(
        io.stdout,
        `Usage: npm run fleetlog -- ${[...command.path, command.synopsis].join(' ')}\n  ${command.summary}\n`,
      );
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const help = error.usage ? `Usage: npm run fleetlog -- ${error.usage}\n` : usage(commands);
    await writeWithBackpressure(io.stderr, `fleetlog: ${error.message}\n${help}`);
    return EXIT_USAGE;
  }
}
