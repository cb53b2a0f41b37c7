import { DEPLOYMENT } from './deployment';
import type { CostInputs } from './inputs';
import { HOURS_PER_MONTH, type PriceTable } from './prices';
import type { CostLine } from './report';
import type { Usage } from './usage';
import { GB, KB, MB, SECONDS_PER_MONTH } from './units';

/** Provisioned shard limits per second. */
const SHARD_BYTES_PER_SECOND = MB;
const SHARD_RECORDS_PER_SECOND = 1000;
const PUT_PAYLOAD_UNIT_BYTES = 25 * KB;

/** Provisioned shards the peak rate needs (at least one). */
export function shardsForPeak(inputs: CostInputs): number {
  const peakRecords =
    (inputs.linesPerMonth / inputs.linesPerRecord / SECONDS_PER_MONTH) * inputs.peakFactor;
  const peakBytes =
    ((inputs.linesPerMonth * inputs.lineBytes) / SECONDS_PER_MONTH) * inputs.peakFactor;
  return Math.max(
    1,
    Math.ceil(peakBytes / SHARD_BYTES_PER_SECOND),
    Math.ceil(peakRecords / SHARD_RECORDS_PER_SECOND),
  );
}

/**
 * On-demand bills each record rounded up to 1 KB on the way in, actual bytes on the way out (per
 * reader: the input stream's are the aggregator and the archive's Firehose).
 */
export function onDemandLines(inputs: CostInputs, usage: Usage, prices: PriceTable): CostLine[] {
  const { inputRecords, aggregateRecords } = usage.derived;
  const billedInBytes =
    inputRecords * Math.ceil(usage.recordBytes / KB) * KB +
    aggregateRecords * Math.ceil(inputs.aggregateRecordBytes / KB) * KB;
  // The input stream has two readers, the aggregator and the archive's Firehose; the output one.
  const readBytes =
    2 * inputs.linesPerMonth * inputs.lineBytes + aggregateRecords * inputs.aggregateRecordBytes;
  const streamHours = DEPLOYMENT.streams * HOURS_PER_MONTH;
  return [
    {
      group: 'Kinesis on-demand',
      item: 'stream-hours (input, output)',
      quantity: streamHours,
      unit: 'stream-hours',
      usd: streamHours * prices.kinesisOnDemandStreamHour.usd,
    },
    {
      group: 'Kinesis on-demand',
      item: 'data in',
      quantity: billedInBytes / GB,
      unit: 'GB',
      usd: (billedInBytes / GB) * prices.kinesisOnDemandDataInGb.usd,
    },
    {
      group: 'Kinesis on-demand',
      item: 'data out (aggregator, archive, publisher)',
      quantity: readBytes / GB,
      unit: 'GB',
      usd: (readBytes / GB) * prices.kinesisOnDemandDataOutGb.usd,
    },
  ];
}

/**
 * Provisioned mode bills shard-hours and 25 KB PUT payload units. The stack gives both streams
 * the configured shard count (one capacity setting), so the output stream has `shards` too.
 */
export function provisionedLines(
  shards: number,
  inputs: CostInputs,
  usage: Usage,
  prices: PriceTable,
): CostLine[] {
  const { inputRecords, aggregateRecords } = usage.derived;
  const shardHours = shards * DEPLOYMENT.streams * HOURS_PER_MONTH;
  const putUnits =
    inputRecords * Math.ceil(usage.recordBytes / PUT_PAYLOAD_UNIT_BYTES) +
    aggregateRecords * Math.ceil(inputs.aggregateRecordBytes / PUT_PAYLOAD_UNIT_BYTES);
  return [
    {
      group: 'Kinesis provisioned',
      item: `shard-hours (${shards} input + ${shards} output)`,
      quantity: shardHours,
      unit: 'shard-hours',
      usd: shardHours * prices.kinesisShardHour.usd,
    },
    {
      group: 'Kinesis provisioned',
      item: 'PUT payload units',
      quantity: putUnits,
      unit: 'units',
      usd: (putUnits / 1e6) * prices.kinesisPutPayloadUnits.usd,
    },
  ];
}
