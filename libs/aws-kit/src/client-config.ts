import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * Time budgets of one attempt of one AWS SDK call, for every client the Lambdas build
 * (ARCHITECTURE.md section 6c: every AWS call has a timeout). In-region calls of the pipeline
 * normally answer in tens of milliseconds; without these, a stalled connection waits until Lambda
 * kills the function mid-call.
 */
export const AWS_CLIENT_TIMEOUTS = {
  /** Time to open the TCP (and TLS) connection, ms. */
  connectionTimeoutMs: 1_000,
  /** Time from sending the request to its complete response, ms. */
  requestTimeoutMs: 2_000,
} as const;

/** The longest one attempt of one AWS call can take at these timeouts, ms. */
export const AWS_CALL_ATTEMPT_MS =
  AWS_CLIENT_TIMEOUTS.connectionTimeoutMs + AWS_CLIENT_TIMEOUTS.requestTimeoutMs;

/** Options of `awsClientConfig`. */
export interface AwsClientOptions {
  /**
   * Attempts the SDK makes per call, the first included (its own retry of throttling and 5xx).
   * @default 3 (the SDK's default)
   */
  maxAttempts?: number;
  /**
   * Connection timeout, ms.
   * @default AWS_CLIENT_TIMEOUTS.connectionTimeoutMs (1,000)
   */
  connectionTimeoutMs?: number;
  /**
   * Request timeout (sent to fully answered), ms.
   * @default AWS_CLIENT_TIMEOUTS.requestTimeoutMs (2,000)
   */
  requestTimeoutMs?: number;
}

/**
 * The configuration every AWS SDK v3 client of the Lambdas is built with:
 * `new CloudWatchClient(awsClientConfig())`. Region and credentials stay the SDK's defaults
 * (the Lambda environment); only the time budgets are set, here and nowhere else.
 */
export function awsClientConfig(options: AwsClientOptions = {}): {
  requestHandler: NodeHttpHandler;
  maxAttempts: number;
} {
  return {
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.connectionTimeoutMs ?? AWS_CLIENT_TIMEOUTS.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs ?? AWS_CLIENT_TIMEOUTS.requestTimeoutMs,
      // Without it, @smithy/node-http-handler 4.x only logs a warning when requestTimeout passes
      // and keeps waiting (client-config.spec.ts shows the call failing instead).
      throwOnRequestTimeout: true,
    }),
    maxAttempts: options.maxAttempts ?? 3,
  };
}
