import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

/**
 * A Powertools logger. Level, sampling and service name come from the standard
 * POWERTOOLS_* environment variables that infra sets; `serviceName` is the fallback.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? serviceName });
}

export type { Logger };

/**
 * The Lambda handler for `handle`: each invocation first adds its context to `logger`, so every
 * log line carries the request id, the function and the cold-start flag. The context is passed
 * on, so a handler can read its deadline (`getRemainingTimeInMillis`, ARCHITECTURE.md section 6c).
 */
export function withLambdaContext<E, R>(
  logger: Logger,
  handle: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  return (event, context) => {
    logger.addContext(context);
    return handle(event, context);
  };
}
