import { Match } from 'aws-cdk-lib/assertions';

/** Template matchers more than one suite asserts with. */
/** Resource-policy properties whose statements include the deny of every request without TLS. */
export const DENIES_REQUESTS_WITHOUT_TLS = {
  PolicyDocument: {
    Statement: Match.arrayWith([
      Match.objectLike({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ]),
  },
};

/**
 * Bucket properties every fleetlog bucket has: SSE-S3 and all public access blocked (for
 * `toMatchObject` on a bucket's properties, beside what is particular to that bucket).
 */
export const ENCRYPTED_PRIVATE_BUCKET = {
  BucketEncryption: {
    ServerSideEncryptionConfiguration: [
      { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
    ],
  },
  PublicAccessBlockConfiguration: {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  },
};
