import {
  alarmInventory,
  DEFAULT_REFERENCE_REFRESH_SECONDS,
  PIPELINE_DASHBOARDS,
  PIPELINE_FUNCTIONS,
  PIPELINE_STREAMS,
} from '@fleetlog/pipeline-config';
import { SECONDS_PER_MONTH } from './units';

/**
 * What the model prices of the deployed stack, read from @fleetlog/pipeline-config, which infra
 * builds the stack from (infra/src/shared-definition.spec.ts checks the template against it).
 * Nothing here is a copy of an infra figure.
 */
export const DEPLOYMENT = {
  /** Every CloudWatch alarm, ApplicationFlood's Metrics Insights alarm counted as one. */
  alarms: alarmInventory().length,
  dashboards: PIPELINE_DASHBOARDS,
  /** Input and output; in provisioned mode each has the configured shard count. */
  streams: PIPELINE_STREAMS.length,
  functions: PIPELINE_FUNCTIONS,
  /**
   * Conditional GETs of the reference map per input shard in a month: each warm aggregator (one
   * per shard and parallelization slot) checks the map's ETag every refresh interval.
   */
  referenceChecksPerShard:
    (PIPELINE_FUNCTIONS.aggregator.parallelizationFactor * SECONDS_PER_MONTH) /
    DEFAULT_REFERENCE_REFRESH_SECONDS,
} as const;
