export type { AccessLogRecord, LogFields, ParseResult } from './access-log-record';
export type {
  AggregateRecord,
  RequestsAggregate,
  PipelineAggregate,
  PartialInfo,
  TopHost,
  DecodeResult,
} from './aggregate-record';
export { scanCombinedLine } from './combined-scanner';
export { parseCombinedLine, formatCombinedLine } from './combined-line';
export { scanAgentRecord, parseAgentRecord } from './agent-record';
export { scanAgentJson } from './agent-json-scanner';
export { parseLogTimestamp, formatLogTimestamp } from './log-timestamp';
export { decodeAggregate } from './aggregate-decoder';
