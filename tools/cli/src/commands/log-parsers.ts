import { parseAgentRecord, parseCombinedLine } from '@fleetlog/log-schema';
import type { LineParser, ParseFormat } from './parse';

/** The real parsers, per `--format`. */
export const logParsers: Record<ParseFormat, LineParser> = {
  raw: (line) => parseCombinedLine(line),
  'agent-json': (line) => parseAgentRecord(line),
};
