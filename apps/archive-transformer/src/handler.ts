// The Lambda entry (infra bundles this file): the Firehose record transformation of the archive
// (ARCHITECTURE.md section 6e). The environment is read at init, so a missing or bad variable fails
// the function's init with one line naming it.
import { S3Client } from '@aws-sdk/client-s3';
import { archiveTransformerConfigFromEnv, createArchiveTransformHandler } from '@fleetlog/archive';
import { createLogger, withLambdaContext } from '@fleetlog/aws-kit';

const config = archiveTransformerConfigFromEnv(process.env);
const logger = createLogger('archive-transformer');

/** Firehose: a batch of the input stream's records to turn into archive lines. */
export const handler = withLambdaContext(
  logger,
  createArchiveTransformHandler({ s3: new S3Client({}), ...config, logger }),
);
