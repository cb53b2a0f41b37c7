import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import { LOCAL_RESOURCES, REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { FakeKinesis, FakeS3 } from '@fleetlog/testing';

/**
 * S3 as the aggregator sees it during a replay: the reference bucket holding one map that never
 * changes (`FakeS3`, so a GET with its ETag is answered 304 as S3 does). Without a map the key is
 * `NoSuchKey`, so every host counts as UNKNOWN; any other key (the demo's recent-top-hosts object)
 * is absent, as in a bucket that never had it.
 */
export function referenceMapS3(csv: string | undefined): S3Client {
  const s3 = new FakeS3({ bucket: LOCAL_RESOURCES.referenceBucket });
  if (csv !== undefined) s3.seed(REFERENCE_KEYS.map, csv);
  return s3.client as unknown as S3Client;
}

/**
 * The output stream as the aggregator writes it (`FakeKinesis`): PutRecords entries are handed
 * over as text, in order, exactly as emitted (the bytes `aggregates.jsonl` holds), and every
 * entry succeeds.
 */
export function capturingKinesis(onRecords: (texts: string[]) => void): KinesisClient {
  return new FakeKinesis({ onRecords: (texts) => onRecords(texts) })
    .client as unknown as KinesisClient;
}
