export {
  MAX_LINE_BYTES,
  LINE_TOO_LONG,
  FUTURE_TIMESTAMP_REASON,
  TIME_OUT_OF_RANGE,
  lineTimeProblem,
} from './line-rules';
export { LineEndNormaliser } from './line-ends';
export { LineSplitter } from './line-splitter';
export { forEachLine } from './for-each-line';
export type { OnLine } from './line-splitter';
export { logBytes, LogInputError } from './log-bytes';
export type { LogBytesOptions } from './log-bytes';
export { nothingParsedProblem } from './nothing-parsed';
export type { ParseTally } from './nothing-parsed';
