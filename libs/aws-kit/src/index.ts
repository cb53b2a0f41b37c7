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
export { awsClientConfig, AWS_CLIENT_TIMEOUTS, AWS_CALL_ATTEMPT_MS } from './client-config';
export type { AwsClientOptions } from './client-config';
export { InvocationDeadline, DeadlineReached } from './deadline';
export type { InvocationContext } from './deadline';
