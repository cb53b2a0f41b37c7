import { ATHENA_USD_PER_TB_SCANNED } from '@fleetlog/analytics-sql';

/**
 * Every price the cost model uses, in one table: AWS public list prices, region us-east-1, USD,
 * without free tiers, savings plans or taxes. Each entry names the page it comes from and the day
 * it was read; re-read the pages before quoting a bill.
 *
 * Read on 2026-11-24 (search of the stored public pages). Where a page shows its numbers only in
 * a script-rendered tab, the figure is the page's published us-east-1 list price and `note` says so.
 */
export interface Price {
  readonly usd: number;
  /** What one `usd` buys, e.g. 'per GB-second'. */
  readonly unit: string;
  readonly source: string;
  readonly readOn: string;
  readonly note?: string;
}

const READ_ON = '2026-11-24';
const LAMBDA = 'https://aws.amazon.com/lambda/pricing/';
const KINESIS = 'https://aws.amazon.com/kinesis/data-streams/pricing/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const S3 = 'https://aws.amazon.com/s3/pricing/';
const SQS = 'https://aws.amazon.com/sqs/pricing/';
const DYNAMODB = 'https://aws.amazon.com/dynamodb/pricing/on-demand/';
/** The DynamoDB prices were read later than the rest, for the publish ledger (issue 22). */
const DYNAMODB_READ_ON = '2026-12-06';
const FLINK = 'https://aws.amazon.com/managed-service-apache-flink/pricing/';
const FLINK_BILLING = 'https://docs.aws.amazon.com/managed-flink/latest/java/how-pricing.html';
/** The archive's prices were read later than the rest, for issue 24. */
const ARCHIVE_READ_ON = '2026-12-06';
const FIREHOSE = 'https://aws.amazon.com/firehose/pricing/';
const ATHENA = 'https://aws.amazon.com/athena/pricing/';
/** The Firehose and S3 Standard-IA figures are not in the stored pages `search` reaches. */
const NOT_STORED =
  'published us-east-1 list price; the page was not among the stored pages searched on the day, re-read it';
const TAB = 'figure sits in a script-rendered tab of the page; published us-east-1 list price';

export const PRICES = {
  lambdaRequests: {
    usd: 0.2,
    unit: 'per 1 million requests',
    source: LAMBDA,
    readOn: READ_ON,
    note: TAB,
  },
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    unit: 'per GB-second, Arm (Graviton), first 7.5 billion GB-s a month',
    source: LAMBDA,
    readOn: READ_ON,
  },
  kinesisOnDemandStreamHour: {
    usd: 0.04,
    unit: 'per stream-hour (on-demand)',
    source: KINESIS,
    readOn: READ_ON,
    note: TAB,
  },
  kinesisOnDemandDataInGb: {
    usd: 0.08,
    unit: 'per GB written (on-demand; each record rounded up to 1 KB)',
    source: KINESIS,
    readOn: READ_ON,
    note: TAB,
  },
  kinesisOnDemandDataOutGb: {
    usd: 0.04,
    unit: 'per GB read (on-demand, shared-throughput consumers)',
    source: KINESIS,
    readOn: READ_ON,
    note: TAB,
  },
  kinesisShardHour: {
    usd: 0.015,
    unit: 'per shard-hour (provisioned)',
    source: KINESIS,
    readOn: READ_ON,
  },
  kinesisPutPayloadUnits: {
    usd: 0.014,
    unit: 'per 1 million PUT payload units (25 KB chunks of a record, provisioned)',
    source: KINESIS,
    readOn: READ_ON,
    note: TAB,
  },
  cloudWatchMetricMonth: {
    usd: 0.3,
    unit: 'per custom metric-month, first 10,000 metrics',
    source: CLOUDWATCH,
    readOn: READ_ON,
  },
  cloudWatchAlarmMonth: {
    usd: 0.1,
    unit: 'per standard-resolution alarm-month',
    source: CLOUDWATCH,
    readOn: READ_ON,
  },
  cloudWatchMetricsInsightsAlarmMetric: {
    usd: 0.1,
    unit: 'per metric analyzed by a Metrics Insights query alarm, per month',
    source: CLOUDWATCH,
    readOn: READ_ON,
  },
  cloudWatchDashboardMonth: {
    usd: 3,
    unit: 'per dashboard-month',
    source: CLOUDWATCH,
    readOn: READ_ON,
  },
  cloudWatchApiRequests: {
    usd: 0.01,
    unit: 'per 1,000 requests (PutMetricData)',
    source: CLOUDWATCH,
    readOn: READ_ON,
  },
  s3StorageGbMonth: {
    usd: 0.023,
    unit: 'per GB-month, S3 Standard, first 50 TB',
    source: S3,
    readOn: READ_ON,
    note: TAB,
  },
  s3PutRequests: {
    usd: 0.005,
    unit: 'per 1,000 PUT, COPY, POST, LIST requests',
    source: S3,
    readOn: READ_ON,
    note: TAB,
  },
  s3GetRequests: {
    usd: 0.0004,
    unit: 'per 1,000 GET and other requests',
    source: S3,
    readOn: READ_ON,
    note: TAB,
  },
  sqsRequests: {
    usd: 0.4,
    unit: 'per 1 million requests (standard queue)',
    source: SQS,
    readOn: READ_ON,
    note: TAB,
  },
  dynamoDbWriteRequestUnits: {
    usd: 0.625,
    unit: 'per 1 million write request units (on-demand; 1 KB each, a failed conditional write too)',
    source: DYNAMODB,
    readOn: DYNAMODB_READ_ON,
    note: TAB,
  },
  dynamoDbReadRequestUnits: {
    usd: 0.125,
    unit: 'per 1 million read request units (on-demand; a consistent read of up to 4 KB is 1)',
    source: DYNAMODB,
    readOn: DYNAMODB_READ_ON,
    note: TAB,
  },
  dynamoDbStorageGbMonth: {
    usd: 0.25,
    unit: 'per GB-month of table storage, Standard table class (100 B of overhead per item)',
    source: DYNAMODB,
    readOn: DYNAMODB_READ_ON,
    note: `${TAB}; the first 25 GB a month are free, which the model ignores like every free tier`,
  },
  kinesisAnalyticsSqlKpuHour: {
    usd: 0.11,
    unit: 'per KPU-hour, Kinesis Data Analytics SQL (historical; no new apps since Oct 2025)',
    source: FLINK,
    readOn: READ_ON,
    note: 'the SQL applications were billed at the same KPU-hour rate as Flink; minimum 1 KPU',
  },
  flinkKpuHour: {
    usd: 0.11,
    unit: 'per KPU-hour, Managed Service for Apache Flink (1 vCPU, 4 GB)',
    source: FLINK,
    readOn: READ_ON,
    note: `${TAB}; billing rules (extra orchestration KPU per application) from ${FLINK_BILLING}`,
  },
  flinkRunningStorageGbMonth: {
    usd: 0.1,
    unit: 'per GB-month of running application storage (50 GB per KPU)',
    source: FLINK,
    readOn: READ_ON,
    note: TAB,
  },
  firehoseIngestionGb: {
    usd: 0.029,
    unit: 'per GB ingested, Kinesis Data Stream as source, first 500 TB a month (each record rounded up to 5 KB)',
    source: FIREHOSE,
    readOn: ARCHIVE_READ_ON,
    note: NOT_STORED,
  },
  firehosePartitioningGb: {
    usd: 0.02,
    unit: 'per GB processed by dynamic partitioning',
    source: FIREHOSE,
    readOn: ARCHIVE_READ_ON,
    note: NOT_STORED,
  },
  firehosePartitioningObjects: {
    usd: 0.005,
    unit: 'per 1,000 S3 objects delivered by dynamic partitioning',
    source: FIREHOSE,
    readOn: ARCHIVE_READ_ON,
    note: NOT_STORED,
  },
  s3InfrequentAccessGbMonth: {
    usd: 0.0125,
    unit: 'per GB-month, S3 Standard-IA (128 KB minimum billable object, 30-day minimum)',
    source: S3,
    readOn: ARCHIVE_READ_ON,
    note: NOT_STORED,
  },
  s3TransitionRequests: {
    usd: 0.01,
    unit: 'per 1,000 lifecycle transition requests into Standard-IA',
    source: S3,
    readOn: ARCHIVE_READ_ON,
    note: NOT_STORED,
  },
  athenaTbScanned: {
    usd: ATHENA_USD_PER_TB_SCANNED,
    unit: 'per TB scanned (10 MB minimum per query)',
    source: ATHENA,
    readOn: ARCHIVE_READ_ON,
    note: 'ATHENA_USD_PER_TB_SCANNED of @fleetlog/analytics-sql, which `fleetlog query --athena` prints with',
  },
} as const satisfies Record<string, Price>;

export type PriceTable = { readonly [K in keyof typeof PRICES]: Price };

/** Hours in the billing month the model uses (AWS calculators use 730). */
export const HOURS_PER_MONTH = 730;
