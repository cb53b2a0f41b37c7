// The Lambda entry (infra bundles this file): real clients and the environment contract, read at
// init, so a missing or bad variable fails the function's init with one line naming it.
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { createLogger, type KinesisTumblingWindowEvent } from '@fleetlog/aws-kit';
import {
  configFromEnv,
  createAggregatorHandler,
  type AggregatorResponse,
} from '@fleetlog/log-aggregator';
import type { Context } from 'aws-lambda';

const config = configFromEnv(process.env);
const logger = createLogger('log-aggregator');
const aggregate = createAggregatorHandler({
  s3: new S3Client({}),
  kinesis: new KinesisClient({}),
  logger,
  ...config,
});

/** Kinesis input stream with a tumbling window. */
export const handler = (
  event: KinesisTumblingWindowEvent,
  context: Context,
): Promise<AggregatorResponse> => {
  logger.addContext(context);
  return aggregate(event);
};
