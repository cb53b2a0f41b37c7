import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import type { KinesisTumblingWindowEvent } from '@fleetlog/aws-kit';
import { DEFAULT_REFERENCE_REFRESH_SECONDS, REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import {
  createAggregatorHandler,
  type AggregatorHandler,
  type AggregatorResponse,
} from '@fleetlog/log-aggregator';
import { logFormatFromEnv } from '@fleetlog/log-aggregator';

// Read at module load: a bad LOG_FORMAT or TRUSTED_PROXIES fails the function's init.
const formatSettings = logFormatFromEnv(process.env);

let instance: AggregatorHandler | undefined;

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '')
    throw new Error(`environment variable ${name} is required`);
  return value;
}

/** Built on first use, so that importing the module (e.g. in tests) needs no environment. */
function aggregator(): AggregatorHandler {
  if (instance === undefined) {
    const refresh = process.env['REFERENCE_REFRESH_SECONDS'];
    const refreshSeconds =
      refresh === undefined || refresh === '' ? DEFAULT_REFERENCE_REFRESH_SECONDS : Number(refresh);
    if (!Number.isFinite(refreshSeconds) || refreshSeconds < 0) {
      throw new Error(`REFERENCE_REFRESH_SECONDS must be a non-negative number, got ${refresh}`);
    }
    instance = createAggregatorHandler({
      s3: new S3Client({}),
      kinesis: new KinesisClient({}),
      referenceBucket: requiredEnv('REFERENCE_BUCKET'),
      referenceKey: process.env['REFERENCE_KEY'] || REFERENCE_KEYS.map,
      outputStreamName: requiredEnv('OUTPUT_STREAM_NAME'),
      refreshSeconds,
      ...formatSettings,
    });
  }
  return instance;
}

/** Lambda entry point: Kinesis input stream with a 300 s tumbling window. */
export const handler = (event: KinesisTumblingWindowEvent): Promise<AggregatorResponse> =>
  aggregator()(event);
