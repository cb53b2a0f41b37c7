import type { CostInputs } from './inputs';
import { HOURS_PER_MONTH, type PriceTable } from './prices';
import type { AlternativeCost } from './report';
import type { Usage } from './usage';

/** Running application storage Managed Flink bills per KPU. */
const FLINK_STORAGE_GB_PER_KPU = 50;

/**
 * fleetlog's aggregator beside KDA SQL and Managed Flink doing the same aggregation. They replace
 * the aggregator Lambda only; streams, publisher and metrics stay, so each total is fleetlog's
 * `totalUsd` minus the aggregator plus the engine's compute.
 */
export function alternatives(
  inputs: CostInputs,
  shards: number,
  usage: Usage,
  totalUsd: number,
  prices: PriceTable,
): AlternativeCost[] {
  const { aggregatorInvocations, aggregatorGbSeconds, peakMegabytesPerSecond } = usage.derived;
  const kpus = Math.max(1, Math.ceil(peakMegabytesPerSecond / inputs.kpuMegabytesPerSecond));
  const aggregatorUsd =
    (aggregatorInvocations / 1e6) * prices.lambdaRequests.usd +
    aggregatorGbSeconds * prices.lambdaArmGbSecond.usd;
  const withoutAggregator = totalUsd - aggregatorUsd;
  const sqlUsd = kpus * HOURS_PER_MONTH * prices.kinesisAnalyticsSqlKpuHour.usd;
  const flinkUsd =
    (kpus + 1) * HOURS_PER_MONTH * prices.flinkKpuHour.usd +
    kpus * FLINK_STORAGE_GB_PER_KPU * prices.flinkRunningStorageGbMonth.usd;
  return [
    {
      name: 'fleetlog (Lambda tumbling window)',
      kpus: 0,
      computeUsd: aggregatorUsd,
      totalUsd,
      detail: `aggregator Lambda, ${shards} shard(s)`,
    },
    {
      name: 'Kinesis Data Analytics SQL (historical)',
      kpus,
      computeUsd: sqlUsd,
      totalUsd: withoutAggregator + sqlUsd,
      detail: `${kpus} KPU (minimum 1) x ${HOURS_PER_MONTH} h`,
    },
    {
      name: 'Managed Service for Apache Flink',
      kpus,
      computeUsd: flinkUsd,
      totalUsd: withoutAggregator + flinkUsd,
      detail: `${kpus} KPU + 1 orchestration KPU x ${HOURS_PER_MONTH} h + ${kpus * FLINK_STORAGE_GB_PER_KPU} GB running storage`,
    },
  ];
}
