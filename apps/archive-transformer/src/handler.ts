// The Lambda entry (infra bundles this file): the Firehose record transformation of the archive
// (ARCHITECTURE.md section 6e). The environment is read at init, so a missing or bad variable fails
// the function's init with one line naming it.
import { S3Client } from '@aws-sdk/client-s3';
import { archiveTransformerConfigFromEnv, createArchiveTransformHandler } from '@fleetlog/archive';
import { awsClientConfig, createLogger, withLambdaContext } from '@fleetlog/aws-kit';

const config = archiveTransformerConfigFromEnv(process.env);
const logger = createLogger('archive-transformer');

/**
 * Firehose: a batch of the input stream's records to turn into archive lines. Its S3 client has
 * aws-kit's request timeouts (ARCHITECTURE.md section 6c).
 */
export const handler = withLambdaContext(
  logger,
  createArchiveTransformHandler({ s3: new S3Client(awsClientConfig()), ...config, logger }),
);
