// The Lambda entry (infra bundles this file): real clients and the environment contract, read at
// init, so a missing or bad variable fails the function's init with one line naming it.
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { createLogger } from '@fleetlog/aws-kit';
import { configFromEnv, createNotifierHandler, type NotifierResult } from '@fleetlog/notifier';
import type { Context } from 'aws-lambda';

const config = configFromEnv(process.env);
const logger = createLogger('notifier');
const notify = createNotifierHandler({
  s3: new S3Client({}),
  sns: new SNSClient({}),
  config,
  logger,
});

/** EventBridge: CloudWatch alarm state changes (the alarm and its contributors). */
export const handler = (event: unknown, context: Context): Promise<NotifierResult> => {
  logger.addContext(context);
  return notify(event);
};
