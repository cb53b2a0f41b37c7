import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { REFERENCE_KEYS } from '@fleetlog/pipeline-config';

interface CommandLike {
  constructor: { name: string };
  input: unknown;
}

const MAP_ETAG = '"replay-map"';

/**
 * S3 as the aggregator sees it during a replay: one reference map that never changes. A GET with
 * its ETag is answered 304 as S3 does; no map is `NoSuchKey`, so every host counts as UNKNOWN.
 */
export function referenceMapS3(csv: string | undefined): S3Client {
  const send = async (command: CommandLike): Promise<unknown> => {
    if (!(command instanceof GetObjectCommand)) {
      throw new Error(
        `the replay's S3 only serves the reference map, got ${command.constructor.name}`,
      );
    }
    // Only the map is here: any other key (the demo's recent-top-hosts object) is absent, as in a
    // bucket that never had it.
    if (csv === undefined || command.input.Key !== REFERENCE_KEYS.map) {
      throw Object.assign(new Error('The specified key does not exist.'), {
        name: 'NoSuchKey',
        $metadata: { httpStatusCode: 404 },
      });
    }
    if ((command.input as { IfNoneMatch?: string }).IfNoneMatch === MAP_ETAG) {
      throw Object.assign(new Error('Not Modified'), {
        name: 'NotModified',
        $metadata: { httpStatusCode: 304 },
      });
    }
    return { ETag: MAP_ETAG, Body: { transformToString: async () => csv } };
  };
  return { send } as unknown as S3Client;
}

/**
 * The output stream as the aggregator writes it: PutRecords entries are handed over as text, in
 * order, exactly as emitted (the bytes `aggregates.jsonl` holds), and every entry succeeds.
 */
export function capturingKinesis(onRecords: (texts: string[]) => void): KinesisClient {
  let sequence = 0;
  const send = async (command: CommandLike): Promise<unknown> => {
    if (!(command instanceof PutRecordsCommand)) {
      throw new Error(
        `the replay's Kinesis only takes PutRecords, got ${command.constructor.name}`,
      );
    }
    const records = (command.input as { Records: { Data: Uint8Array }[] }).Records;
    onRecords(records.map((r) => Buffer.from(r.Data).toString('utf8')));
    return {
      FailedRecordCount: 0,
      Records: records.map(() => ({
        SequenceNumber: String(++sequence),
        ShardId: 'shardId-000000000000',
      })),
    };
  };
  return { send } as unknown as KinesisClient;
}
