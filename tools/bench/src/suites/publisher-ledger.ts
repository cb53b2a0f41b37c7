import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startLocalDynamo } from '@fleetlog/local-aws';
import { createDynamoLedger, createPublisherHandler } from '@fleetlog/metrics-publisher';
import { BUCKET_SECONDS, PUBLISH_LEDGER } from '@fleetlog/pipeline-config';
import { FakeAwsClient } from '@fleetlog/testing';
import { exact, figure } from '../results';
import { summarize } from '../stats';
import type { SuiteContext } from '../suite';
import { silentLogger } from './fakes';
import { DEPLOYED_BATCH_SIZE, eventOf, FIRST_WINDOW_MS, sampleAggregates } from './publisher';

const TABLE = 'bench-publish-ledger';

/** Counts the PutItem calls a client sends (the ledger's writes). */
function countingWrites(dynamo: DynamoDBClient): { client: DynamoDBClient; writes: () => number } {
  let writes = 0;
  const client = {
    send: (command: Parameters<DynamoDBClient['send']>[0]) => {
      if (command instanceof PutItemCommand) writes++;
      return dynamo.send(command);
    },
  } as unknown as DynamoDBClient;
  return { client, writes: () => writes };
}

/**
 * Milliseconds per publisher batch of `DEPLOYED_BATCH_SIZE` aggregates, each aggregate published
 * once, with the ledger (dynalite, a fresh table per run) or without (memory only); and the
 * ledger's writes per aggregate group published.
 */
async function timeBatches(
  aggregates: readonly object[],
  dynamo: DynamoDBClient | undefined,
): Promise<{ msPerBatch: number; writesPerGroup: number }> {
  const counting = dynamo && countingWrites(dynamo);
  let published = 0;
  const now = () =>
    FIRST_WINDOW_MS + (Math.ceil(aggregates.length / 100) + 1) * BUCKET_SECONDS * 1000;
  const handler = createPublisherHandler({
    cloudWatch: new FakeAwsClient(() => ({})) as unknown as CloudWatchClient,
    logger: silentLogger(),
    now,
    ledger: counting && createDynamoLedger({ dynamo: counting.client, tableName: TABLE, now }),
    // Every record is new: what is measured is the ledger's cost, not the memory's shortcut.
    rememberPublished: 1,
    onSummary: (s) => (published += s.records - s.invalid - s.duplicates - s.tooOld - s.tooNew),
  });
  let batches = 0;
  const started = process.hrtime.bigint();
  for (let first = 0; first < aggregates.length; first += DEPLOYED_BATCH_SIZE) {
    const response = await handler(
      eventOf(aggregates.slice(first, first + DEPLOYED_BATCH_SIZE), first + 1),
    );
    if (response.batchItemFailures.length > 0) throw new Error('publisher reported failures');
    batches++;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    msPerBatch: ms / batches,
    writesPerGroup: counting ? counting.writes() / Math.max(1, published) : 0,
  };
}

/**
 * The publish ledger's cost (issue 22 budgets): per-batch time of the publisher with the ledger
 * on a local dynalite against the same publisher remembering in memory only, and the ledger's
 * writes per published aggregate group.
 */
export async function publisherLedgerFigures(ctx: SuiteContext): Promise<void> {
  // Two batches per run: the figure is per batch, and each ledger call is a request to dynalite.
  const aggregates = sampleAggregates(2 * DEPLOYED_BATCH_SIZE);
  const memory: number[] = [];
  const ledger: number[] = [];
  let writesPerGroup = 0;
  for (let run = -ctx.sizes.warmups; run < ctx.sizes.runs; run++) {
    const local = await startLocalDynamo({ [TABLE]: PUBLISH_LEDGER.partitionKey });
    try {
      const without = await timeBatches(aggregates, undefined);
      const withLedger = await timeBatches(aggregates, local.dynamo);
      if (run < 0) continue;
      memory.push(without.msPerBatch);
      ledger.push(withLedger.msPerBatch);
      writesPerGroup = withLedger.writesPerGroup;
    } finally {
      await local.stop();
    }
  }
  const batch = `events of ${DEPLOYED_BATCH_SIZE} new aggregates`;
  ctx.report(
    figure(
      'publisher',
      'publisher.memory.msPerBatch',
      `publisher per batch, no ledger (${batch})`,
      'ms',
      summarize(memory),
    ),
  );
  ctx.report(
    figure(
      'publisher',
      'publisher.ledger.msPerBatch',
      `publisher per batch, ledger on dynalite (${batch})`,
      'ms',
      summarize(ledger),
    ),
  );
  ctx.report(
    figure(
      'publisher',
      'publisher.ledger.timeRatio',
      'publisher per batch, ledger on dynalite / no ledger',
      'x',
      summarize(ledger.map((ms, i) => ms / memory[i])),
      'dynalite and the SDK in this process: about 1 to 2.5 ms per ledger call on loopback',
    ),
  );
  ctx.report(
    figure(
      'publisher',
      'publisher.ledger.writesPerGroup',
      'ledger writes (PutItem) per published aggregate group',
      'writes',
      exact(writesPerGroup),
      'one conditional claim per group, plus one outcome per PutMetricData call',
    ),
  );
}
