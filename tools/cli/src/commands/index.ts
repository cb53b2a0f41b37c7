import { costCommand } from '../cost/cost-command';
import { createAgentConfigCommand } from './agent-config';
import type { CliCommand } from './command';
import { csvValidateCommand } from './csv-validate';
import { createParseCommand } from './parse';
import { createQueryCommand } from './query';
import { createVerifyCommand } from './verify';

/** Every `fleetlog` command; adding one is one line here. */
export const COMMANDS: readonly CliCommand[] = [
  // The log parsers load on first use, so the other commands never depend on them.
  createParseCommand(async () => (await import('./log-parsers.js')).logParsers),
  csvValidateCommand,
  costCommand,
  createAgentConfigCommand(),
  createVerifyCommand(),
  createQueryCommand(),
];

export type { CliCommand } from './command';
