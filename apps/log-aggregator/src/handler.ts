// The Lambda entry (infra bundles this file): real clients and the environment contract, read at
// init, so a missing or bad variable fails the function's init with one line naming it.
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { createLogger, withLambdaContext } from '@fleetlog/aws-kit';
import { configFromEnv, createAggregatorHandler } from '@fleetlog/log-aggregator';

const config = configFromEnv(process.env);
const logger = createLogger('log-aggregator');

/** Kinesis input stream with a tumbling window. */
export const handler = withLambdaContext(
  logger,
  createAggregatorHandler({
    s3: new S3Client({}),
    kinesis: new KinesisClient({}),
    logger,
    ...config,
  }),
);
