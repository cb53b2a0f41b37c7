import { Logger } from '@aws-lambda-powertools/logger';

/**
 * A Powertools logger. Level, sampling and service name come from the standard
 * POWERTOOLS_* environment variables that infra sets; `serviceName` is the fallback.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? serviceName });
}

export type { Logger };
