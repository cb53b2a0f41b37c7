export { PRICES, HOURS_PER_MONTH } from './prices';
export type { Price, PriceTable } from './prices';
export {
  estimateMonthlyCost,
  lambdaGbSeconds,
  shardsForPeak,
  consumerInvocations,
  DEFAULT_INPUTS,
} from './model';
export type { CostInputs, CostLine, CostReport, AlternativeCost } from './model';
export { formatCostReport, formatQuantity } from './format';
export { readMeasuredDuration, AGGREGATOR_FIGURE_ID } from './bench-figure';
export { runCostCommand, parseCount, COST_SYNOPSIS, COST_SUMMARY } from './command';
export { costCommand } from './cost-command';
