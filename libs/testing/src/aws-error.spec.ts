import { NoSuchKey, S3ServiceException } from '@aws-sdk/client-s3';
import { awsErrorName, awsHttpStatus, isTransientAwsError } from '@fleetlog/aws-kit';
import { awsError, AwsServiceError } from './aws-error';

// The SDK's base ServiceException, without depending on @smithy/* directly.
const ServiceException = Object.getPrototypeOf(S3ServiceException) as typeof S3ServiceException;

describe('awsError', () => {
  it('builds an Error shaped as the SDK throws it', () => {
    const error = awsError('ThrottlingException', { status: 400, message: 'Rate exceeded' });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error.name).toBe('ThrottlingException');
    expect(error.message).toBe('Rate exceeded');
    expect(error.$fault).toBe('client');
    expect(error.$metadata).toEqual({ httpStatusCode: 400 });
    expect(String(error)).toBe('ThrottlingException: Rate exceeded');
  });

  it('defaults to a 400 client fault named after the code; 5xx is a server fault', () => {
    expect(awsError('ValidationError')).toMatchObject({
      message: 'ValidationError',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    expect(awsError('InternalFailure', { status: 500 }).$fault).toBe('server');
    expect(awsError('Odd', { status: 500, fault: 'client' }).$fault).toBe('client');
    expect(awsError('X', { requestId: 'req-1' }).$metadata).toEqual({
      httpStatusCode: 400,
      requestId: 'req-1',
    });
  });

  it('is what the code that checks errors by name and status expects (aws-kit)', () => {
    const throttled = awsError('ThrottlingException', { status: 400 });
    const missing = awsError('NoSuchKey', { status: 404 });
    expect(awsErrorName(throttled)).toBe('ThrottlingException');
    expect(awsHttpStatus(missing)).toBe(404);
    expect(isTransientAwsError(throttled)).toBe(true);
    expect(isTransientAwsError(awsError('SlowDown', { status: 503 }))).toBe(true);
    expect(isTransientAwsError(awsError('ValidationError', { status: 400 }))).toBe(false);
    expect(isTransientAwsError(awsError('AccessDenied', { status: 403 }))).toBe(false);
  });

  it("passes the SDK's instanceof checks: ServiceException, and a modeled error by its name", () => {
    const missing = awsError('NoSuchKey', { status: 404 });
    expect(missing).toBeInstanceOf(ServiceException);
    expect(missing).toBeInstanceOf(NoSuchKey);
    expect(awsError('AccessDenied', { status: 403 })).not.toBeInstanceOf(NoSuchKey);
    expect(new Error('plain')).not.toBeInstanceOf(ServiceException);
  });
});
