import { runCli } from './cli';
import { COMMANDS } from './commands';

// A closed pipe (e.g. `| head`) just ends the output; it is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

runCli(process.argv.slice(2), io, COMMANDS)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(
      `fleetlog: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
