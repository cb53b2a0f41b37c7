import { compileLogFormat, parseAgentRecord, parseCombinedLine } from '@fleetlog/log-schema';
import type { ParserSet } from './parse';

/** The real parsers, per `--format`; `rawFor` compiles `--log-format` / `--trusted-proxies`. */
export const logParsers: ParserSet = {
  raw: (line) => parseCombinedLine(line),
  'agent-json': (line) => parseAgentRecord(line),
  rawFor: (logFormat, trustedProxies) => {
    const compiled = compileLogFormat(logFormat, { trustedProxies });
    return (line) => compiled.parse(line);
  },
};
