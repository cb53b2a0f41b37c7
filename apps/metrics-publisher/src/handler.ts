import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DEFAULT_NAMESPACE } from '@fleetlog/pipeline-config';
import { createPublisherHandler } from './publisher';

// Created once per container so the client's connections and the duplicate memory are reused.
export const handler = createPublisherHandler({
  cloudWatch: new CloudWatchClient({}),
  namespace: process.env['METRICS_NAMESPACE'] || DEFAULT_NAMESPACE,
});
