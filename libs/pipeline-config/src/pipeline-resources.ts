/**
 * What one deployment of the stack is made of, counted the way AWS bills it. infra creates these
 * and `fleetlog cost` prices them; infra/src/shared-definition.spec.ts checks the synthesized
 * template against them.
 */

/**
 * The pipeline's Kinesis streams: raw access-log lines in, aggregate records out. Both take the
 * deployment's one capacity setting, so in PROVISIONED mode each has the configured shard count.
 */
export const PIPELINE_STREAMS = ['input', 'output'] as const;
export type PipelineStream = (typeof PIPELINE_STREAMS)[number];

/** CloudWatch dashboards the stack deploys (one, whatever the configuration). */
export const PIPELINE_DASHBOARDS = 1;
