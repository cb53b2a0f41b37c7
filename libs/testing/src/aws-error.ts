/** Who is at fault, as the SDK says: `client` (4xx) or `server` (5xx). */
export type AwsFault = 'client' | 'server';

export interface AwsErrorOptions {
  /** HTTP status of the answer; 400 when absent (most service errors are 400s). */
  status?: number;
  /** The error message; the name when absent. */
  message?: string;
  /** `server` for a 5xx status, `client` otherwise, unless given. */
  fault?: AwsFault;
  /** `$metadata.requestId`, when a test wants to see one. */
  requestId?: string;
}

/**
 * A service error shaped as the AWS SDK v3 throws it (a `ServiceException`): `name` is the error
 * code, `$fault` and `$metadata.httpStatusCode` are set. The SDK's `instanceof ServiceException`
 * (and `instanceof NoSuchKey` etc., which match by name) accept it, and so does code that reads
 * `name` and `$metadata` (`awsErrorName`, `awsHttpStatus`, `isTransientAwsError`).
 */
export class AwsServiceError extends Error {
  readonly $fault: AwsFault;
  readonly $metadata: { httpStatusCode: number; requestId?: string };

  constructor(name: string, options: AwsErrorOptions = {}) {
    super(options.message ?? name);
    const status = options.status ?? 400;
    this.name = name;
    this.$fault = options.fault ?? (status >= 500 ? 'server' : 'client');
    this.$metadata =
      options.requestId === undefined
        ? { httpStatusCode: status }
        : { httpStatusCode: status, requestId: options.requestId };
  }
}

/**
 * An AWS service error to throw from a fake or a mock:
 * `awsError('ThrottlingException', { status: 400, message: 'Rate exceeded' })`.
 */
export function awsError(name: string, options: AwsErrorOptions = {}): AwsServiceError {
  return new AwsServiceError(name, options);
}
