// The Lambda entry (infra bundles this file): real clients and the environment contract, read at
// init, so a missing or bad variable fails the function's init with one line naming it.
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { awsClientConfig, createLogger, withLambdaContext } from '@fleetlog/aws-kit';
import { configFromEnv, createNotifierHandler } from '@fleetlog/notifier';

const config = configFromEnv(process.env);
const logger = createLogger('notifier');

/**
 * EventBridge: CloudWatch alarm state changes (the alarm and its contributors). Every client has
 * aws-kit's request timeouts (ARCHITECTURE.md section 6c).
 */
export const handler = withLambdaContext(
  logger,
  createNotifierHandler({
    s3: new S3Client(awsClientConfig()),
    sns: new SNSClient(awsClientConfig()),
    config,
    logger,
  }),
);
