import { DEFAULT_LOG_FORMAT, compileLogFormat } from '@fleetlog/log-schema';

export interface LogFormatSettings {
  logFormat: string;
  trustedProxies: string[];
}

/**
 * `LOG_FORMAT` (default `combined`) and `TRUSTED_PROXIES` (comma-separated CIDR blocks, default
 * none) from the environment, compiled once to check them: a bad value throws the compiler's
 * message (with the position of the problem), so the function fails its init instead of
 * counting every line as malformed.
 */
export function logFormatFromEnv(env: NodeJS.ProcessEnv): LogFormatSettings {
  const logFormat = env['LOG_FORMAT']?.trim() || DEFAULT_LOG_FORMAT;
  const trustedProxies = (env['TRUSTED_PROXIES'] ?? '')
    .split(',')
    .map((block) => block.trim())
    .filter((block) => block !== '');
  try {
    compileLogFormat(logFormat, { trustedProxies });
  } catch (error) {
    throw new Error(`LOG_FORMAT/TRUSTED_PROXIES: ${(error as Error).message}`, { cause: error });
  }
  return { logFormat, trustedProxies };
}
