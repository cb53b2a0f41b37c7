import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  type GetRecordsCommandOutput,
  type GetShardIteratorCommandInput,
  type KinesisClient,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { awsErrorName } from '@fleetlog/aws-kit';
import { decodeAggregate, type RequestsAggregate } from '@fleetlog/log-schema';

type Call = { abortSignal?: AbortSignal };

/** GetRecords calls per shard in one poll, at most: a busy stream is read in a few pages. */
const PAGES_PER_POLL = 5;

/** Errors after which the shard is simply read again at the next poll. */
const RETRY_NEXT_POLL = new Set([
  'ProvisionedThroughputExceededException',
  'KMSThrottlingException',
  'LimitExceededException',
]);

const decoder = new TextDecoder();

/**
 * Reads every shard of the output stream from a point before the test line was put
 * (ARCHITECTURE.md section 4): iterators are taken LATEST when the watch opens, and a shard whose
 * iterator expired is read again from the opening time (AT_TIMESTAMP). Resharding is followed
 * through the child shards GetRecords names. Records that are not requests aggregates are skipped.
 */
export class OutputStreamWatch {
  private readonly iterators = new Map<string, string>();

  private constructor(
    private readonly kinesis: KinesisClient,
    private readonly streamName: string,
    private readonly openedAt: Date,
  ) {}

  /** Takes an iterator on every open shard; call it before the test line is put. */
  static async open(
    kinesis: KinesisClient,
    streamName: string,
    openedAtMs: number,
    call: Call = {},
  ): Promise<OutputStreamWatch> {
    const watch = new OutputStreamWatch(kinesis, streamName, new Date(openedAtMs));
    const shards: Shard[] = [];
    let token: string | undefined;
    do {
      // ListShards takes either the stream name or a token, never both.
      const page = await kinesis.send(
        new ListShardsCommand(token ? { NextToken: token } : { StreamName: streamName }),
        call,
      );
      shards.push(...(page.Shards ?? []));
      token = page.NextToken;
    } while (token);
    const open = shards.filter((s) => s.ShardId && !s.SequenceNumberRange?.EndingSequenceNumber);
    for (const shard of open) {
      await watch.startShard(shard.ShardId as string, { ShardIteratorType: 'LATEST' }, call);
    }
    return watch;
  }

  /** Shards being read. */
  get shardCount(): number {
    return this.iterators.size;
  }

  private async startShard(
    shardId: string,
    position: Pick<GetShardIteratorCommandInput, 'ShardIteratorType' | 'Timestamp'>,
    call: Call,
  ): Promise<void> {
    const { ShardIterator } = await this.kinesis.send(
      new GetShardIteratorCommand({ StreamName: this.streamName, ShardId: shardId, ...position }),
      call,
    );
    if (ShardIterator) this.iterators.set(shardId, ShardIterator);
  }

  /** Reads what arrived on every shard since the last poll; the requests aggregates in it. */
  async poll(call: Call = {}): Promise<RequestsAggregate[]> {
    const found: RequestsAggregate[] = [];
    for (const shardId of [...this.iterators.keys()]) {
      found.push(...(await this.pollShard(shardId, call)));
    }
    return found;
  }

  private async pollShard(shardId: string, call: Call): Promise<RequestsAggregate[]> {
    const found: RequestsAggregate[] = [];
    for (let page = 0; page < PAGES_PER_POLL; page++) {
      const iterator = this.iterators.get(shardId);
      if (!iterator) return found;
      let out: GetRecordsCommandOutput;
      try {
        out = await this.kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }), call);
      } catch (error) {
        const name = awsErrorName(error) ?? '';
        if (RETRY_NEXT_POLL.has(name)) return found;
        if (name !== 'ExpiredIteratorException') throw error;
        await this.startShard(
          shardId,
          { ShardIteratorType: 'AT_TIMESTAMP', Timestamp: this.openedAt },
          call,
        );
        continue;
      }
      for (const record of out.Records ?? []) {
        if (!record.Data) continue;
        const decoded = decodeAggregate(decoder.decode(record.Data));
        if (decoded.ok && decoded.value.kind === 'requests') found.push(decoded.value);
      }
      if (out.NextShardIterator) {
        this.iterators.set(shardId, out.NextShardIterator);
      } else {
        // The shard was closed by a reshard: its children hold what follows.
        this.iterators.delete(shardId);
        for (const child of out.ChildShards ?? []) {
          if (child.ShardId) {
            await this.startShard(child.ShardId, { ShardIteratorType: 'TRIM_HORIZON' }, call);
          }
        }
        return found;
      }
      if ((out.Records ?? []).length === 0 || !out.MillisBehindLatest) return found;
    }
    return found;
  }
}
