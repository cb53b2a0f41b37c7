// The Lambda entry (infra bundles this file): real clients and the environment contract, read at
// init, so a missing or bad variable fails the function's init with one line naming it.
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig, createLogger, withLambdaContext } from '@fleetlog/aws-kit';
import { configFromEnv, createLifecycleSyncHandler } from '@fleetlog/lifecycle-sync';

const config = configFromEnv(process.env);
const logger = createLogger('lifecycle-sync');

/**
 * EventBridge: lifecycle actions, fleet changes, the schedule and static-hosts uploads. Every
 * client has aws-kit's request timeouts (ARCHITECTURE.md section 6c).
 */
export const handler = withLambdaContext(
  logger,
  createLifecycleSyncHandler({
    autoScaling: new AutoScalingClient(awsClientConfig()),
    ec2: new EC2Client(awsClientConfig()),
    s3: new S3Client(awsClientConfig()),
    cloudWatch: new CloudWatchClient(awsClientConfig()),
    config,
    logger,
  }),
);
