// The Lambda entry (infra bundles this file): real clients and the environment contract, read at
// init, so a missing or bad variable fails the function's init with one line naming it.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { S3Client } from '@aws-sdk/client-s3';
import { createLogger, withLambdaContext } from '@fleetlog/aws-kit';
import { configFromEnv, createPublisherHandler } from '@fleetlog/metrics-publisher';

const { namespace, referenceBucket } = configFromEnv(process.env);
const logger = createLogger('metrics-publisher');

/**
 * Kinesis output stream, batches of aggregate records. Created once per container so the client's
 * connections and the duplicate memory are reused; with a bucket, the heaviest hosts of the latest
 * windows are kept there for the notifier.
 */
export const handler = withLambdaContext(
  logger,
  createPublisherHandler({
    cloudWatch: new CloudWatchClient({}),
    namespace,
    logger,
    recentTopHosts:
      referenceBucket === undefined ? undefined : { s3: new S3Client({}), bucket: referenceBucket },
  }),
);
