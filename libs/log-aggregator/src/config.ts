import { DEFAULT_LOG_FORMAT, compileLogFormat } from '@fleetlog/log-schema';
import {
  AGGREGATOR_ENVIRONMENT,
  readEnvironment,
  type RawEnvironment,
} from '@fleetlog/pipeline-config';

/** The aggregator's configuration, read from its environment contract. */
/**
 * The aggregator's configuration, read from its environment contract (`AGGREGATOR_ENVIRONMENT`
 * of `@fleetlog/pipeline-config`, where each variable and its default is documented). Spread
 * into AggregatorDeps by the Lambda entry.
 */
export interface AggregatorConfig {
  /** `REFERENCE_BUCKET`. */
  referenceBucket: string;
  /** `REFERENCE_KEY`. */
  referenceKey: string;
  /** `REFERENCE_REFRESH_SECONDS`. */
  refreshSeconds: number;
  /** `OUTPUT_STREAM_NAME`. */
  outputStreamName: string;
  /** `LOG_FORMAT`, already checked to compile; `'combined'` when unset. */
  logFormat: string;
  /** `TRUSTED_PROXIES`, already checked against the log format; empty when unset. */
  trustedProxies: string[];
}

/**
 * Reads the configuration from the Lambda environment (`AGGREGATOR_ENVIRONMENT`). The log format
 * and trusted proxies are compiled once to check them: a bad value throws the compiler's message
 * (with the position of the problem), so the function fails its init instead of counting every
 * line as malformed.
 */
export function configFromEnv(env: RawEnvironment): AggregatorConfig {
  const values = readEnvironment('log-aggregator', AGGREGATOR_ENVIRONMENT, env);
  const logFormat = values.logFormat ?? DEFAULT_LOG_FORMAT;
  try {
    compileLogFormat(logFormat, { trustedProxies: values.trustedProxies });
  } catch (error) {
    throw new Error(
      `log-aggregator configuration: LOG_FORMAT/TRUSTED_PROXIES: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return { ...values, logFormat };
}
