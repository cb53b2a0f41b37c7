// The Lambda entry (infra bundles this file): real clients and the environment contract, read at
// init, so a missing or bad variable fails the function's init with one line naming it.
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig, createLogger, withLambdaContext } from '@fleetlog/aws-kit';
import { configFromEnv, createAggregatorHandler } from '@fleetlog/log-aggregator';

const config = configFromEnv(process.env);
const logger = createLogger('log-aggregator');

/**
 * Kinesis input stream with a tumbling window. Every client has aws-kit's request timeouts; the
 * Lambda context gives the handler its deadline (ARCHITECTURE.md section 6c).
 */
export const handler = withLambdaContext(
  logger,
  createAggregatorHandler({
    s3: new S3Client(awsClientConfig()),
    // One SDK attempt per call: the aggregator retries PutRecords itself, within its deadline.
    kinesis: new KinesisClient(awsClientConfig({ maxAttempts: 1 })),
    logger,
    ...config,
  }),
);
