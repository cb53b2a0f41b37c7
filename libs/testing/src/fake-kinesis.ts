import { PutRecordsCommand, type PutRecordsCommandOutput } from '@aws-sdk/client-kinesis';
import { FakeAwsClient, operationName } from './fake-aws-client';

export interface FakeKinesisOptions {
  /** Receives each PutRecords call's entries as text, in order (nothing is kept otherwise). */
  onRecords?: (texts: string[], streamName: string | undefined) => void;
}

/**
 * An output stream that accepts every PutRecords entry (FailedRecordCount 0, one sequence number
 * each). `client` is the `send(command)` stand-in, counting every call.
 */
export class FakeKinesis {
  readonly client: FakeAwsClient;
  /** Entries accepted so far. */
  accepted = 0;

  constructor(options: FakeKinesisOptions = {}) {
    this.client = new FakeAwsClient((command): PutRecordsCommandOutput => {
      if (!(command instanceof PutRecordsCommand)) {
        throw new Error(`FakeKinesis does not implement ${operationName(command)}`);
      }
      const entries = command.input.Records ?? [];
      options.onRecords?.(
        entries.map((entry) => Buffer.from(entry.Data ?? new Uint8Array()).toString('utf8')),
        command.input.StreamName,
      );
      return {
        FailedRecordCount: 0,
        Records: entries.map(() => ({
          SequenceNumber: String(++this.accepted),
          ShardId: 'shardId-000000000000',
        })),
        $metadata: {},
      };
    });
  }
}
