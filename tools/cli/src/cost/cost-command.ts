import type { CliCommand } from '../commands/command';
import { COST_SUMMARY, COST_SYNOPSIS, runCostCommand } from './command';

/** `cost` for the fleetlog dispatcher (tools/cli/src/commands/index.ts). */
export const costCommand: CliCommand = {
  path: ['cost'],
  synopsis: COST_SYNOPSIS,
  summary: COST_SUMMARY,
  run: (args, io) => runCostCommand(args, io),
};
