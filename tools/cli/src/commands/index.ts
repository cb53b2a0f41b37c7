import type { CliCommand } from './command';
import { csvValidateCommand } from './csv-validate';
import { logParsers } from './log-parsers';
import { createParseCommand } from './parse';

/** Every `fleetlog` command; adding one is one line here. */
export const COMMANDS: readonly CliCommand[] = [createParseCommand(logParsers), csvValidateCommand];

export type { CliCommand } from './command';
