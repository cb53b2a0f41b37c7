import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { parseCombinedLine } from '@fleetlog/log-schema';
import { bucketStartMs } from '@fleetlog/pipeline-config';

/** When the simulated stages act, ms after the line reached the input stream. */
export interface PipelineTimes {
  /** Line on the input stream → its aggregate on the output stream (window close, flush). */
  aggregateMs: number;
  /** Aggregate on the output stream → RequestCount visible to GetMetricData. */
  metricMs: number;
}

interface Counted {
  host: string;
  windowStartMs: number;
  seenAtMs: number;
  aggregatedAtMs?: number;
}

/**
 * The deployed pipeline between the two streams, simulated on kinesalite: lines read from the
 * input stream become requests aggregates (ARCHITECTURE.md section 4) on the output stream
 * `aggregateMs` later, and their count shows in `metricValue` `metricMs` after that. Driven by
 * the fake clock (`tick`). Also puts a pipeline aggregate and another minute's aggregate, which
 * verify must pass over.
 */
export class FakePipeline {
  private iterator: string | undefined;
  private readonly counted: Counted[] = [];
  /** Lines that did not parse as combined format. */
  readonly malformed: string[] = [];

  constructor(
    private readonly kinesis: KinesisClient,
    private readonly streams: { input: string; output: string },
    private readonly times: PipelineTimes,
  ) {}

  async tick(nowMs: number): Promise<void> {
    await this.readInput(nowMs);
    for (const c of this.counted) {
      if (c.aggregatedAtMs === undefined && nowMs >= c.seenAtMs + this.times.aggregateMs) {
        await this.putAggregates(c);
        c.aggregatedAtMs = nowMs;
      }
    }
  }

  /** The RequestCount Sum of UNKNOWN for the minute starting `startMs`, as CloudWatch has it. */
  metricValue(startMs: number, nowMs: number): number | undefined {
    const visible = this.counted.filter(
      (c) =>
        c.windowStartMs === startMs &&
        c.aggregatedAtMs !== undefined &&
        nowMs >= c.aggregatedAtMs + this.times.metricMs,
    );
    return visible.length === 0 ? undefined : visible.length;
  }

  private async readInput(nowMs: number): Promise<void> {
    if (!this.iterator) {
      const out = await this.kinesis.send(
        new GetShardIteratorCommand({
          StreamName: this.streams.input,
          ShardId: 'shardId-000000000000',
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      this.iterator = out.ShardIterator;
    }
    const out = await this.kinesis.send(new GetRecordsCommand({ ShardIterator: this.iterator }));
    this.iterator = out.NextShardIterator;
    for (const record of out.Records ?? []) {
      const line = new TextDecoder().decode(record.Data).trimEnd();
      const parsed = parseCombinedLine(line);
      if (!parsed.ok) {
        this.malformed.push(line);
        continue;
      }
      const windowStartMs = bucketStartMs(Date.parse(parsed.record.time));
      this.counted.push({ host: parsed.record.host, windowStartMs, seenAtMs: nowMs });
    }
  }

  private async putAggregates(c: Counted): Promise<void> {
    const iso = (ms: number) => new Date(ms).toISOString();
    const partial = { shardId: 'shardId-000000000000', flushId: `flush-${c.windowStartMs}` };
    const window = { windowStart: iso(c.windowStartMs), windowEnd: iso(c.windowStartMs + 60_000) };
    const requests = (windowStartMs: number, host: string) => ({
      schemaVersion: 1,
      kind: 'requests',
      windowStart: iso(windowStartMs),
      windowEnd: iso(windowStartMs + 60_000),
      applicationName: 'UNKNOWN',
      contact: null,
      requestCount: 1,
      bytes: 0,
      statusCounts: { '200': 1 },
      topHosts: [{ host, requestCount: 1 }],
      partial,
    });
    const records = [
      { schemaVersion: 1, kind: 'pipeline', ...window, records: 1, malformedLines: 0, partial },
      requests(c.windowStartMs - 60_000, '198.51.100.7'),
      requests(c.windowStartMs, c.host),
    ];
    for (const record of records) {
      await this.kinesis.send(
        new PutRecordCommand({
          StreamName: this.streams.output,
          PartitionKey: record.kind,
          Data: new TextEncoder().encode(JSON.stringify(record)),
        }),
      );
    }
  }
}
