// A backfill through the real handler, for the window-state budget specs (not exported from
// index.ts): old logs of many applications replayed in time order, as a shipper catching up sends
// them, with every record the handler writes captured in memory.
import type { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import type { KinesisTumblingWindowEvent } from '@fleetlog/aws-kit';
import type { AggregateRecord } from '@fleetlog/log-schema';
import { REFERENCE_KEYS } from '@fleetlog/pipeline-config';
import { FakeS3 } from '@fleetlog/testing';
import { createAggregatorHandler, type AggregatorDeps } from '../aggregator';
import { quietLogger } from '@fleetlog/testing';
import { combinedLine, kinesisRecord, windowEvent } from './test-events';

const BUCKET = 'reference';
/** The backfill's first minute. */
export const BACKFILL_START_MS = Date.parse('2015-05-15T00:00:00Z');

export interface BackfillShape {
  minutes: number;
  applications: number;
  /** Distinct clients per application, each sending one line a minute. */
  hostsPerApplication: number;
}

/** Client `h` of application `a`: its /24 block is the application's reference row. */
const hostOf = (a: number, h: number): string => `10.${a >> 8}.${a & 255}.${h + 1}`;

/** One /24 block per application. */
export function backfillCsv(shape: BackfillShape): string {
  const rows = ['Host,ApplicationName,Contact'];
  for (let a = 0; a < shape.applications; a++) {
    rows.push(`10.${a >> 8}.${a & 255}.0/24,app-${a},team-${a}@example.com`);
  }
  return `${rows.join('\n')}\n`;
}

/** Every line of the backfill in time order: each client sends one line a minute. */
export function backfillLines(shape: BackfillShape): string[] {
  const lines: string[] = [];
  for (let m = 0; m < shape.minutes; m++) {
    const iso = new Date(BACKFILL_START_MS + m * 60_000 + 7_000).toISOString();
    for (let a = 0; a < shape.applications; a++) {
      for (let h = 0; h < shape.hostsPerApplication; h++) {
        lines.push(combinedLine(hostOf(a, h), iso, 200 + (h % 2) * 104, 100));
      }
    }
  }
  return lines;
}

/** Batches of `recordsPerBatch` Kinesis records of `linesPerRecord` lines each (Fluent Bit style). */
export function backfillBatches(
  lines: readonly string[],
  linesPerRecord: number,
  recordsPerBatch: number,
): ReturnType<typeof kinesisRecord>[][] {
  const records = [];
  for (let i = 0; i < lines.length; i += linesPerRecord) {
    records.push(kinesisRecord(lines.slice(i, i + linesPerRecord).join('\n')));
  }
  const batches = [];
  for (let i = 0; i < records.length; i += recordsPerBatch) {
    batches.push(records.slice(i, i + recordsPerBatch));
  }
  return batches;
}

/** The real handler on an in-memory map and output stream; `written` holds what it wrote. */
export function backfillHandler(shape: BackfillShape, overrides: Partial<AggregatorDeps> = {}) {
  const s3 = new FakeS3({ bucket: BUCKET });
  s3.seed(REFERENCE_KEYS.map, backfillCsv(shape));
  const written: AggregateRecord[] = [];
  // A plain stand-in: FakeKinesis weighs every request as JSON, costly for 60,000 records.
  const kinesis = {
    send: async (command: PutRecordsCommand) => {
      const entries = command.input.Records ?? [];
      for (const e of entries) {
        written.push(JSON.parse(Buffer.from(e.Data ?? []).toString('utf8')) as AggregateRecord);
      }
      return { FailedRecordCount: 0, Records: entries.map(() => ({ SequenceNumber: '1' })) };
    },
  };
  const log = quietLogger();
  const handler = createAggregatorHandler({
    s3: s3.client as unknown as S3Client,
    kinesis: kinesis as unknown as KinesisClient,
    referenceBucket: BUCKET,
    outputStreamName: 'out',
    logger: log.logger,
    ...overrides,
  });
  return { handler, written, log };
}

/** JSON bytes of a state, as Lambda weighs it. */
export const stateBytes = (state: unknown): number => Buffer.byteLength(JSON.stringify(state));

/**
 * Runs whole window: one invocation per batch, the state passed on as JSON as Lambda does, then
 * the final invocation. Returns each invocation's event and the largest state returned.
 */
export async function runWindow(
  handler: ReturnType<typeof createAggregatorHandler>,
  batches: ReturnType<typeof kinesisRecord>[][],
): Promise<{ events: KinesisTumblingWindowEvent[]; largestState: number }> {
  let state: Record<string, unknown> = {};
  let largestState = 0;
  const events: KinesisTumblingWindowEvent[] = [];
  for (const batch of batches) {
    const event = windowEvent(batch, { state });
    events.push(event);
    const res = await handler(event);
    largestState = Math.max(largestState, stateBytes(res.state));
    state = JSON.parse(JSON.stringify(res.state)) as Record<string, unknown>;
  }
  await handler(windowEvent([], { state, final: true }));
  return { events, largestState };
}
