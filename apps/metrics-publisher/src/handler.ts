import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_NAMESPACE } from '@fleetlog/pipeline-config';
import { createPublisherHandler } from '@fleetlog/metrics-publisher';

const bucket = process.env['REFERENCE_BUCKET'];

// Created once per container so the client's connections and the duplicate memory are reused.
export const handler = createPublisherHandler({
  cloudWatch: new CloudWatchClient({}),
  namespace: process.env['METRICS_NAMESPACE'] || DEFAULT_NAMESPACE,
  // With a bucket, the heaviest hosts of the latest windows are kept there for the notifier.
  recentTopHosts: bucket ? { s3: new S3Client({}), bucket } : undefined,
});
