/**
 * Configuration files of the log shippers that feed the input stream (ARCHITECTURE.md section 1):
 * the Kinesis Agent's `agent.json` and a Fluent Bit configuration with its `kinesis_streams`
 * output. One implementation for the CDK app (instance user data) and `fleetlog agent-config`.
 * Both ship raw lines: the aggregator parses them with the deployment's `logFormat`.
 */
import { STAGE_DELAYS } from './stage-delays';

/** The shippers fleetlog renders a configuration for. */
export const SHIPPERS = ['kinesis-agent', 'fluent-bit'] as const;
export type Shipper = (typeof SHIPPERS)[number];

export interface ShipperConfigOptions {
  /** Input stream name (may be a CDK token). */
  readonly streamName: string;
  /** Region of the stream (may be a CDK token). */
  readonly region: string;
  /**
   * Glob of the access logs to tail.
   * @default defaultLogFile(logFormat)
   */
  readonly logFile?: string;
  /**
   * The deployment's `logFormat` (preset or format string); chooses the default log file and is
   * noted in the configuration. The lines are shipped as written either way.
   * @default 'combined'
   */
  readonly logFormat?: string;
  /**
   * Domain of the AWS partition's endpoints (may be a CDK token, `Stack.urlSuffix`).
   * @default 'amazonaws.com'
   */
  readonly urlSuffix?: string;
}

/** Where the format's lines usually are: Debian/Ubuntu's vhost log, else Amazon Linux's httpd log. */
export function defaultLogFile(logFormat = 'combined'): string {
  return logFormat === 'vhost_combined'
    ? '/var/log/apache2/other_vhosts_access.log*'
    : '/var/log/httpd/access_log*';
}

/** A value spliced into a configuration file must not start a new line (or a new section). */
function checkedValue(name: string, value: string): string {
  if (/[\r\n]/.test(value))
    throw new Error(`${name} must be one line, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Renders `/etc/aws-kinesis/agent.json`. The flow has no `dataProcessingOptions`: the agent ships
 * raw lines, because its LOGTOJSON pattern knows only Apache common/combined and silently drops
 * lines the fleetlog parser accepts (IPv6 hosts, escaped quotes, empty referers).
 */
export function renderKinesisAgentConfig(options: ShipperConfigOptions): string {
  const config = {
    // Throughput is visible in the stream's own metrics; the agent's would need extra IAM.
    'cloudwatch.emitMetrics': false,
    'kinesis.endpoint': `https://kinesis.${checkedValue('region', options.region)}.${options.urlSuffix ?? 'amazonaws.com'}`,
    flows: [
      {
        filePattern: options.logFile ?? defaultLogFile(options.logFormat),
        kinesisStream: options.streamName,
        // Random keys spread one busy web server over all shards.
        partitionKeyOption: 'RANDOM',
        initialPosition: 'START_OF_FILE',
        // Sent after at most 1 s (the documented minimum) instead of the default 60 s: a minute's
        // lines then reach their own minute's tumbling window, so a flood's data point reaches
        // CloudWatch about a minute sooner (STAGE_DELAYS.shipperFlush, ARCHITECTURE.md section 6b).
        // https://docs.aws.amazon.com/streams/latest/dev/writing-with-agents.html
        maxBufferAgeMillis: STAGE_DELAYS.shipperFlush.ms,
      },
    ],
  };
  return JSON.stringify(config, null, 2);
}

/**
 * Renders a Fluent Bit configuration (classic format): `tail` the access log, send each line
 * as written (`log_key log`) with the `kinesis_streams` output, which picks random partition keys.
 * Fluent Bit runs where the Kinesis Agent is not packaged (it documents Amazon Linux 2 and RHEL).
 */
export function renderFluentBitConfig(options: ShipperConfigOptions): string {
  const logFormat = checkedValue('logFormat', options.logFormat ?? 'combined');
  // Fluent Bit's tail must not match rotated files (it would read them again: duplicates, and
  // binary junk from .gz ones), so the default is the live file alone; rotation is followed by inode.
  const logFile = checkedValue(
    'logFile',
    options.logFile ?? defaultLogFile(options.logFormat).replace(/\*$/, ''),
  );
  const streamName = checkedValue('streamName', options.streamName);
  const region = checkedValue('region', options.region);
  const lines = [
    '# fleetlog: ships raw access-log lines; the aggregator reads them with',
    `# logFormat ${logFormat}`,
    '[SERVICE]',
    '    Flush        1',
    '    Log_Level    info',
    '',
    '[INPUT]',
    '    Name              tail',
    `    Path              ${logFile}`,
    '    Tag               fleetlog.access',
    '    DB                /var/lib/fluent-bit/fleetlog-access.db',
    '    Read_from_Head    On',
    // Lines up to Kinesis' 1 MiB record size; a longer one is skipped (and logged by Fluent Bit)
    // rather than stopping the tail of the whole file.
    '    Buffer_Max_Size   1M',
    '    Skip_Long_Lines   On',
    '    Refresh_Interval  10',
    '',
    '[OUTPUT]',
    '    Name     kinesis_streams',
    '    Match    fleetlog.*',
    `    region   ${region}`,
    `    stream   ${streamName}`,
    // Only the line itself, not Fluent Bit's {"log": ...} wrapper.
    '    log_key  log',
  ];
  if (options.urlSuffix !== undefined && options.urlSuffix !== 'amazonaws.com') {
    lines.push(
      `    endpoint https://kinesis.${region}.${checkedValue('urlSuffix', options.urlSuffix)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The configuration of `shipper`. */
export function renderShipperConfig(shipper: Shipper, options: ShipperConfigOptions): string {
  return shipper === 'fluent-bit'
    ? renderFluentBitConfig(options)
    : renderKinesisAgentConfig(options);
}
