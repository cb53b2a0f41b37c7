// The transformation Lambda's environment: the aggregator's map and log-format variables, the same
// names and defaults (AGGREGATOR_ENVIRONMENT of @fleetlog/pipeline-config), without its output stream.
import { compileLogFormat, DEFAULT_LOG_FORMAT } from '@fleetlog/log-schema';
import {
  AGGREGATOR_ENVIRONMENT,
  readEnvironment,
  type RawEnvironment,
} from '@fleetlog/pipeline-config';

const { referenceBucket, referenceKey, refreshSeconds, logFormat, trustedProxies } =
  AGGREGATOR_ENVIRONMENT;

/** The archive transformer's environment contract (infra writes it with writeEnvironment). */
export const ARCHIVE_TRANSFORMER_ENVIRONMENT = {
  referenceBucket,
  referenceKey,
  refreshSeconds,
  logFormat,
  trustedProxies,
} as const;

/** What the environment gives the transformation handler. */
export interface ArchiveTransformerConfig {
  referenceBucket: string;
  referenceKey: string;
  refreshSeconds: number;
  /** Already checked to compile; `'combined'` when unset. */
  logFormat: string;
  trustedProxies: string[];
}

/**
 * Reads the environment; a missing variable, or a log format or proxy list that does not compile,
 * throws one line naming it (the function fails its init rather than archive every line as malformed).
 */
export function archiveTransformerConfigFromEnv(env: RawEnvironment): ArchiveTransformerConfig {
  const values = readEnvironment('archive-transformer', ARCHIVE_TRANSFORMER_ENVIRONMENT, env);
  const format = values.logFormat ?? DEFAULT_LOG_FORMAT;
  try {
    compileLogFormat(format, { trustedProxies: values.trustedProxies });
  } catch (error) {
    throw new Error(
      `archive-transformer configuration: LOG_FORMAT/TRUSTED_PROXIES: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { ...values, logFormat: format };
}
