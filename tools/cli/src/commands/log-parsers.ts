import {
  compileLogFormat,
  lineTimeProblem,
  parseAgentRecord,
  parseCombinedLine,
  trustedProxyList,
  type ParseResult,
} from '@fleetlog/log-schema';
import type { LineParser, ParserSet } from './parse';

/**
 * A parser that also refuses what the aggregator refuses after parsing (ARCHITECTURE.md section 3
 * via `lineTimeProblem`): a line dated more than two hours after now, as the replay counts it.
 */
function withLineRules(parse: (line: string) => ParseResult, now = Date.now): LineParser {
  return (line) => {
    const result = parse(line);
    if (!result.ok) return result;
    const problem = lineTimeProblem(Date.parse(result.record.time), now());
    return problem === null ? result : { ok: false, error: problem };
  };
}

/** The real parsers, per `--format`; `rawFor` compiles `--log-format` / `--trusted-proxies`. */
export const logParsers: ParserSet = {
  raw: withLineRules(parseCombinedLine),
  'agent-json': withLineRules(parseAgentRecord),
  rawFor: (logFormat, trustedProxies) => {
    const blocks = trustedProxies === undefined ? [] : trustedProxyList(trustedProxies);
    const compiled = compileLogFormat(logFormat, { trustedProxies: blocks });
    return withLineRules((line) => compiled.parse(line));
  },
};
