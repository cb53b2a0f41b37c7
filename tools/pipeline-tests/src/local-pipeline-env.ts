import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordsCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startLocalBucket, startLocalKinesis } from '@fleetlog/local-aws';
import {
  createAggregatorHandler,
  type AggregatorDeps,
  type AggregatorHandler,
} from '@fleetlog/log-aggregator';
import { decodeAggregate, type AggregateRecord } from '@fleetlog/log-schema';
import { LOCAL_RESOURCES, REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { renderReferenceCsv, type HostRow } from '@fleetlog/reference-data';

export const INPUT_STREAM = LOCAL_RESOURCES.inputStream;
export const OUTPUT_STREAM = LOCAL_RESOURCES.outputStream;
export const REFERENCE_BUCKET = LOCAL_RESOURCES.referenceBucket;

/** kinesalite with the input and output streams and s3rver with the reference bucket. */
export interface LocalPipelineEnv {
  kinesis: KinesisClient;
  s3: S3Client;
  writeReference(rows: readonly HostRow[]): Promise<void>;
  /** Puts the lines `linesPerRecord` at a time (newline-joined, as the agent ships them). */
  putLines(
    lines: readonly string[],
    options?: { linesPerRecord?: number; partitionKey?: (i: number) => string },
  ): Promise<void>;
  /** Every record of the output stream, decoded; throws on one that does not decode. */
  readOutput(): Promise<AggregateRecord[]>;
  /** The real aggregator on this bucket's map, writing to the output stream. */
  aggregator(deps?: Partial<AggregatorDeps>): AggregatorHandler;
  stop(): Promise<void>;
}

export async function startLocalPipelineEnv(options: {
  inputShards: number;
  outputShards: number;
  reference: readonly HostRow[];
}): Promise<LocalPipelineEnv> {
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    await Promise.all(started.map((local) => local.stop()));
  };
  try {
    const localKinesis = await startLocalKinesis({
      [INPUT_STREAM]: options.inputShards,
      [OUTPUT_STREAM]: options.outputShards,
    });
    started.push(localKinesis);
    const localS3 = await startLocalBucket(REFERENCE_BUCKET);
    started.push(localS3);
    const { kinesis } = localKinesis;
    const { s3 } = localS3;

    const env: LocalPipelineEnv = {
      kinesis,
      s3,
      async writeReference(rows) {
        await s3.send(
          new PutObjectCommand({
            Bucket: REFERENCE_BUCKET,
            Key: REFERENCE_KEYS.map,
            Body: renderReferenceCsv(rows),
          }),
        );
      },
      async putLines(lines, putOptions = {}) {
        const per = putOptions.linesPerRecord ?? 1;
        const partitionKey = putOptions.partitionKey ?? ((i: number) => `pk-${i}`);
        const entries = [];
        for (let i = 0; i * per < lines.length; i++) {
          const data = lines.slice(i * per, (i + 1) * per).join('\n') + '\n';
          entries.push({ PartitionKey: partitionKey(i), Data: Buffer.from(data) });
        }
        for (let i = 0; i < entries.length; i += 500) {
          const out = await kinesis.send(
            new PutRecordsCommand({ StreamName: INPUT_STREAM, Records: entries.slice(i, i + 500) }),
          );
          if (out.FailedRecordCount)
            throw new Error(`${out.FailedRecordCount} input records were not put`);
        }
      },
      async readOutput() {
        return (await readStream(kinesis, OUTPUT_STREAM)).map((text) => {
          const decoded = decodeAggregate(text);
          if (!decoded.ok)
            throw new Error(`output record does not decode: ${decoded.error}: ${text}`);
          return decoded.value;
        });
      },
      aggregator: (deps) =>
        createAggregatorHandler({
          s3,
          kinesis,
          referenceBucket: REFERENCE_BUCKET,
          outputStreamName: OUTPUT_STREAM,
          ...deps,
        }),
      stop: stopAll,
    };
    await env.writeReference(options.reference);
    return env;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** All records of a stream, shard by shard, as text. */
export async function readStream(kinesis: KinesisClient, streamName: string): Promise<string[]> {
  const { StreamDescription } = await kinesis.send(
    new DescribeStreamCommand({ StreamName: streamName }),
  );
  const texts: string[] = [];
  for (const shard of StreamDescription?.Shards ?? []) {
    let { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    while (ShardIterator) {
      const out = await kinesis.send(new GetRecordsCommand({ ShardIterator, Limit: 10_000 }));
      for (const r of out.Records ?? [])
        texts.push(Buffer.from(r.Data ?? new Uint8Array()).toString('utf8'));
      if (!out.Records?.length) break;
      ShardIterator = out.NextShardIterator;
    }
  }
  return texts;
}
