export interface KinesisAgentConfigOptions {
  /** Input stream name (may be a CDK token). */
  readonly streamName: string;
  /** Region of the stream (may be a CDK token). */
  readonly region: string;
  /** Glob of the access logs to tail. */
  readonly logFile: string;
  /**
   * Domain of the AWS partition's endpoints (may be a CDK token, `Stack.urlSuffix`).
   * @default 'amazonaws.com'
   */
  readonly urlSuffix?: string;
}

/**
 * Renders `/etc/aws-kinesis/agent.json` for a web server. The flow has no
 * `dataProcessingOptions`: the agent ships raw lines, because its LOGTOJSON pattern silently
 * drops lines the fleetlog parser accepts (IPv6 hosts, escaped quotes, empty referers).
 */
export function renderKinesisAgentConfig(options: KinesisAgentConfigOptions): string {
  const config = {
    // Throughput is visible in the stream's own metrics; the agent's would need extra IAM.
    'cloudwatch.emitMetrics': false,
    'kinesis.endpoint': `https://kinesis.${options.region}.${options.urlSuffix ?? 'amazonaws.com'}`,
    flows: [
      {
        filePattern: options.logFile,
        kinesisStream: options.streamName,
        // Random keys spread one busy web server over all shards.
        partitionKeyOption: 'RANDOM',
        initialPosition: 'START_OF_FILE',
      },
    ],
  };
  return JSON.stringify(config, null, 2);
}
