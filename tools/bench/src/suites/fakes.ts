import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { FakeKinesis, FakeS3 } from '@fleetlog/testing';

/** The reference bucket of every in-memory bench. */
export const BENCH_REFERENCE_BUCKET = 'bench-reference';

/** A Powertools logger that writes nothing: the bench measures the handler, not stdout. */
export function silentLogger(): Logger {
  return new Logger({ serviceName: 'bench', logLevel: 'SILENT' });
}

/**
 * The aggregator's clients in memory: S3 holding `csv` as the reference map (a GET with its ETag
 * is a 304, as on S3) and an output stream that accepts every record.
 */
export function aggregatorClients(csv: string): { s3: S3Client; kinesis: KinesisClient } {
  const s3 = new FakeS3({ bucket: BENCH_REFERENCE_BUCKET });
  s3.seed(REFERENCE_KEYS.map, csv);
  return {
    s3: s3.client as unknown as S3Client,
    kinesis: new FakeKinesis().client as unknown as KinesisClient,
  };
}
