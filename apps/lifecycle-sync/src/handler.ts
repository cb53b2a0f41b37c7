// The Lambda entry (infra bundles this file): real clients and the environment contract, read at
// init, so a missing or bad variable fails the function's init with one line naming it.
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { createLogger } from '@fleetlog/aws-kit';
import {
  configFromEnv,
  createLifecycleSyncHandler,
  type LifecycleSyncResult,
} from '@fleetlog/lifecycle-sync';
import type { Context } from 'aws-lambda';

const config = configFromEnv(process.env);
const logger = createLogger('lifecycle-sync');
const sync = createLifecycleSyncHandler({
  autoScaling: new AutoScalingClient({}),
  ec2: new EC2Client({}),
  s3: new S3Client({}),
  cloudWatch: new CloudWatchClient({}),
  config,
  logger,
});

/** EventBridge: lifecycle actions, fleet changes, the schedule and static-hosts uploads. */
export const handler = (event: unknown, context: Context): Promise<LifecycleSyncResult> => {
  logger.addContext(context);
  return sync(event);
};
