export type { AccessLogRecord, LogFields, ParseResult } from './access-log-record';
export type {
  AggregateRecord,
  RequestsAggregate,
  PipelineAggregate,
  PartialInfo,
  TopHost,
  DecodeResult,
} from './aggregate-record';
export { scanCombinedLine, bomLength } from './combined-scanner';
export { parseCombinedLine, formatCombinedLine } from './combined-line';
export { scanAgentRecord, parseAgentRecord } from './agent-record';
export { scanAgentJson } from './agent-json-scanner';
export { parseLogTimestamp, formatLogTimestamp } from './log-timestamp';
export { decodeAggregate } from './aggregate-decoder';
export {
  compileLogFormat,
  LogFormatError,
  LOG_FORMAT_PRESETS,
  DEFAULT_LOG_FORMAT,
} from './log-format';
export type { CompiledLogFormat, LogFormatOptions, LogFormatPreset } from './log-format';
export {
  TrustedProxies,
  ForwardedForResolver,
  resolveClient,
  forwardedAddress,
} from './forwarded-for';
export { clientHost } from './client-host';
export { trustedProxyList } from './trusted-proxy-list';
// The input reading rule (line ends, length and time limits, .gz by content) shared by parse
// and the replay.
export * from './input';
