export {
  withRetry,
  backoffDelay,
  sleep,
  awsErrorName,
  awsHttpStatus,
  isTransientAwsError,
} from './retry';
export type { RetryOptions } from './retry';
export { createLogger, withLambdaContext } from './logger';
export type { Logger } from './logger';
export { RateLimiter } from './rate-limit';
export type { KinesisTumblingWindowEvent, TumblingWindowResponse } from './tumbling-window';
export { kinesisStreamRecord } from './kinesis-record';
export type { KinesisRecordFields } from './kinesis-record';
