import { Logger } from '@aws-lambda-powertools/logger';

/** A Powertools logger that writes nothing: the bench measures the handler, not stdout. */
export function silentLogger(): Logger {
  return new Logger({ serviceName: 'bench', logLevel: 'SILENT' });
}

interface CommandLike {
  constructor: { name: string };
  input: unknown;
}

/** An AWS client stand-in: answers each command by its class name, and counts the calls. */
export class FakeClient {
  readonly calls = new Map<string, number>();
  requestBytes = 0;

  constructor(private readonly answer: (name: string, input: unknown) => unknown) {}

  get total(): number {
    let n = 0;
    for (const c of this.calls.values()) n += c;
    return n;
  }

  async send(command: CommandLike): Promise<never> {
    const name = command.constructor.name;
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    this.requestBytes += Buffer.byteLength(JSON.stringify(command.input) ?? '');
    return (await this.answer(name, command.input)) as never;
  }
}

/** S3 holding one reference CSV: a GET with the current ETag gets 304, as S3 does. */
export function referenceS3(csv: string): FakeClient {
  const etag = '"bench-1"';
  return new FakeClient((name, input) => {
    if (name !== 'GetObjectCommand') throw new Error(`unexpected S3 command ${name}`);
    if ((input as { IfNoneMatch?: string }).IfNoneMatch === etag) {
      throw Object.assign(new Error('Not Modified'), {
        name: 'NotModified',
        $metadata: { httpStatusCode: 304 },
      });
    }
    return { ETag: etag, Body: { transformToString: async () => csv } };
  });
}

/** Kinesis that accepts every PutRecords entry. */
export function acceptingKinesis(): FakeClient {
  return new FakeClient((name, input) => {
    if (name !== 'PutRecordsCommand') throw new Error(`unexpected Kinesis command ${name}`);
    const records = (input as { Records: unknown[] }).Records;
    return {
      FailedRecordCount: 0,
      Records: records.map((_, i) => ({
        SequenceNumber: String(i),
        ShardId: 'shardId-000000000000',
      })),
    };
  });
}
