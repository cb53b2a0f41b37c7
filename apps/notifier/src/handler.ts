// The Lambda entry (infra bundles this file): real clients, configuration from the environment.
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { createLogger } from '@fleetlog/aws-kit';
import { configFromEnv } from '@fleetlog/notifier';
import { createNotifierHandler, type NotifierResult } from '@fleetlog/notifier';

let handle: ((event: unknown) => Promise<NotifierResult>) | undefined;

export const handler = async (event: unknown): Promise<NotifierResult> => {
  // Built on first use (not at import) so a configuration error is reported by the invocation.
  handle ??= createNotifierHandler({
    s3: new S3Client({}),
    sns: new SNSClient({}),
    config: configFromEnv(process.env),
    logger: createLogger('notifier'),
  });
  return handle(event);
};
