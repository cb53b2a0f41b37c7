import { PUBLISH_LEDGER } from '@fleetlog/pipeline-config';
import type { PriceTable } from './prices';
import { pricedLine, type CostLine } from './report';
import { GB, SECONDS_PER_MONTH } from './units';

/**
 * Bytes DynamoDB bills a stored ledger item for: the item (key of flushId and group, owner token,
 * lease, expiry: under 200 B) plus the 100 B of overhead DynamoDB adds to every item's size.
 */
const LEDGER_ITEM_BYTES = 300;
/** Reads of one re-delivered record: its claim, and its owner's outcome (consistent, 1 RRU each). */
const READS_PER_REDELIVERY = 2;

/**
 * What the metrics publisher's ledger does in a month (libs/metrics-publisher dynamo-ledger.ts
 * and claim-chunk.ts). Every item is under 1 KB, so each write is 1 write request unit and each
 * consistent read of it 1 read request unit.
 */
export interface LedgerUsage {
  /** One conditional PutItem per output-stream record: its claim. */
  readonly claimWrites: number;
  /** One PutItem per PutMetricData call: its outcome (`published`, or `released` on failure). */
  readonly outcomeWrites: number;
  /** A re-delivered record's claim again: the condition fails, and DynamoDB bills the write. */
  readonly redeliveryWrites: number;
  /** GetItem (consistent) of a re-delivered record's claim and of its owner's outcome. */
  readonly reads: number;
  /** Items kept until their time to live: claims and outcomes of `PUBLISH_LEDGER.timeToLiveMs`. */
  readonly storedGb: number;
}

/**
 * The ledger's month: `aggregateRecords` output records in `putMetricDataCalls` calls, of which
 * a share `redeliveredShare` is delivered again (a retried batch, a partly failed PutRecords, a
 * duplicate delivery). A first delivery reads nothing: the claim's condition succeeds.
 */
export function ledgerUsage(
  aggregateRecords: number,
  putMetricDataCalls: number,
  redeliveredShare: number,
): LedgerUsage {
  const redelivered = Math.ceil(aggregateRecords * redeliveredShare);
  const itemsPerMonth = aggregateRecords + putMetricDataCalls;
  const keptMonths = PUBLISH_LEDGER.timeToLiveMs / 1000 / SECONDS_PER_MONTH;
  return {
    claimWrites: aggregateRecords,
    outcomeWrites: putMetricDataCalls,
    redeliveryWrites: redelivered,
    reads: redelivered * READS_PER_REDELIVERY,
    storedGb: (itemsPerMonth * keptMonths * LEDGER_ITEM_BYTES) / GB,
  };
}

/** The ledger's on-demand bill: write and read request units, and storage. */
export function ledgerLines(ledger: LedgerUsage, prices: PriceTable): CostLine[] {
  const writes = ledger.claimWrites + ledger.outcomeWrites + ledger.redeliveryWrites;
  return [
    pricedLine(
      'DynamoDB',
      'ledger writes (claims, outcomes)',
      writes,
      'WRU',
      prices.dynamoDbWriteRequestUnits,
      1e6,
    ),
    pricedLine(
      'DynamoDB',
      'ledger reads (re-deliveries)',
      ledger.reads,
      'RRU',
      prices.dynamoDbReadRequestUnits,
      1e6,
    ),
    pricedLine(
      'DynamoDB',
      'ledger storage',
      ledger.storedGb,
      'GB-month',
      prices.dynamoDbStorageGbMonth,
    ),
  ];
}
