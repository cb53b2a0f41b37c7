// The Lambda entry (infra bundles this file): real clients, configuration from the environment.
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { createLogger } from '@fleetlog/aws-kit';
import { configFromEnv } from '@fleetlog/lifecycle-sync';
import { createLifecycleSyncHandler, type LifecycleSyncResult } from '@fleetlog/lifecycle-sync';

let handle: ((event: unknown) => Promise<LifecycleSyncResult>) | undefined;

export const handler = async (event: unknown): Promise<LifecycleSyncResult> => {
  // Built on first use (not at import) so a configuration error is reported by the invocation.
  handle ??= createLifecycleSyncHandler({
    autoScaling: new AutoScalingClient({}),
    ec2: new EC2Client({}),
    s3: new S3Client({}),
    cloudWatch: new CloudWatchClient({}),
    config: configFromEnv(process.env),
    logger: createLogger('lifecycle-sync'),
  });
  return handle(event);
};
