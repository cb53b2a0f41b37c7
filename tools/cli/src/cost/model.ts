import { alternatives } from './alternatives';
import { commonLines } from './common-lines';
import { validateInputs, type CostInputs } from './inputs';
import { onDemandLines, provisionedLines, shardsForPeak } from './kinesis';
import { PRICES, type PriceTable } from './prices';
import { sumUsd, type CostReport } from './report';
import { deriveUsage } from './usage';

/** The monthly bill of a fleetlog deployment, and what the aggregation would cost on KDA SQL or Flink. */
export function estimateMonthlyCost(inputs: CostInputs, prices: PriceTable = PRICES): CostReport {
  validateInputs(inputs);
  const shards = inputs.shards ?? shardsForPeak(inputs);
  const usage = deriveUsage(inputs, shards);
  const common = commonLines(usage, prices);
  const onDemand = onDemandLines(inputs, usage, prices);
  const provisioned = provisionedLines(shards, inputs, usage, prices);

  const commonUsd = sumUsd(common);
  const onDemandUsd = commonUsd + sumUsd(onDemand);
  const provisionedUsd = commonUsd + sumUsd(provisioned);
  const kinesisMode = provisionedUsd <= onDemandUsd ? 'provisioned' : 'on-demand';
  const totalUsd = Math.min(onDemandUsd, provisionedUsd);

  return {
    inputs,
    shards,
    derived: usage.derived,
    lines: [...common, ...onDemand, ...provisioned],
    commonUsd,
    onDemandUsd,
    provisionedUsd,
    totalUsd,
    kinesisMode,
    alternatives: alternatives(inputs, shards, usage, totalUsd, prices),
  };
}
