// The Lambda entry (infra bundles this file): real clients and the environment contract, read at
// init, so a missing or bad variable fails the function's init with one line naming it.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { S3Client } from '@aws-sdk/client-s3';
import { createLogger } from '@fleetlog/aws-kit';
import { configFromEnv, createPublisherHandler } from '@fleetlog/metrics-publisher';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';

const config = configFromEnv(process.env);
const logger = createLogger('metrics-publisher');
// Created once per container so the client's connections and the duplicate memory are reused.
const publish = createPublisherHandler({
  cloudWatch: new CloudWatchClient({}),
  namespace: config.namespace,
  logger,
  // With a bucket, the heaviest hosts of the latest windows are kept there for the notifier.
  recentTopHosts:
    config.referenceBucket === undefined
      ? undefined
      : { s3: new S3Client({}), bucket: config.referenceBucket },
});

/** Kinesis output stream, batches of aggregate records. */
export const handler = (
  event: KinesisStreamEvent,
  context: Context,
): Promise<KinesisStreamBatchResponse> => {
  logger.addContext(context);
  return publish(event);
};
