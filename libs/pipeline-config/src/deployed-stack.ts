/**
 * What tools outside a deployed stack rely on (ARCHITECTURE.md section 6d): the keys of its
 * CloudFormation outputs, and how a test alarm forced by `fleetlog verify` is marked. infra names
 * its `CfnOutput`s with these keys, `fleetlog verify` reads them, and the notifier recognises the
 * test mark, so none of them keeps a copy of the others' spelling.
 */

/** CloudFormation output keys of the fleetlog stack. */
export const STACK_OUTPUTS = {
  /** Name of the Kinesis input stream the shippers write to. */
  inputStreamName: 'InputStreamName',
  /** Name of the Kinesis output stream of aggregates (ARCHITECTURE.md section 4). */
  outputStreamName: 'OutputStreamName',
  /** Name of the reference bucket (ARCHITECTURE.md section 5). */
  referenceBucketName: 'ReferenceBucketName',
  /** URL of the CloudWatch dashboard. */
  dashboardUrl: 'DashboardUrl',
  /** ARN of the topic the owner-facing notifications go to (ARCHITECTURE.md section 6a). */
  alarmTopicArn: 'AlarmTopicArn',
  /** ARN of the topic CloudWatch's own alarm messages go to (pipeline health, every alarm). */
  operationsTopicArn: 'OperationsTopicArn',
  /** The shipper configuration for the stack's log format. */
  shipperConfiguration: 'ShipperConfiguration',
  /** ARN of the managed policy for log shippers (ARCHITECTURE.md section 6d). */
  shipperPolicyArn: 'ShipperPolicyArn',
  /** The CloudWatch namespace of fleetlog's metrics (ARCHITECTURE.md section 6; configurable). */
  metricsNamespace: 'MetricsNamespace',
  /** Name of the archive bucket (ARCHITECTURE.md section 6e). */
  archiveBucketName: 'ArchiveBucketName',
  /** Name of the Athena workgroup the archive's queries run in. */
  archiveWorkGroup: 'ArchiveWorkGroup',
  /** Name of the Glue database of the archive table. */
  archiveDatabase: 'ArchiveDatabase',
  /** Name of the Glue table over the archive. */
  archiveTable: 'ArchiveTable',
} as const;

/**
 * The archive's settings (ARCHITECTURE.md section 6e): infra deploys these defaults (each
 * lifecycle value is configurable) and the cost model prices them, so neither keeps a copy.
 */
export const ARCHIVE_SETTINGS = {
  /** Days after which archived lines are deleted (config `archiveExpirationDays`). */
  expirationDays: 90,
  /** Days after which archived lines move to Standard-IA, 0 for never (config `archiveTransitionDays`). */
  transitionDays: 30,
  /** Bytes one Athena query may scan before the workgroup cancels it (config `archiveBytesScannedCutoff`). */
  bytesScannedCutoffPerQuery: 1024 ** 3,
  /** Memory of the archive-transformer Lambda (Firehose's record transformation), MB. */
  transformerMemoryMb: 512,
  /** Records Firehose hands the transformation at most per invocation, in bytes (1 MiB batches). */
  transformerBatchBytes: 1024 ** 2,
  /** Longest time a line waits in Firehose's buffer before it is written to S3, seconds. */
  bufferingIntervalSeconds: 60,
} as const;

export type StackOutputKey = (typeof STACK_OUTPUTS)[keyof typeof STACK_OUTPUTS];

/** The outputs `fleetlog verify` cannot run without. */
export const VERIFY_REQUIRED_OUTPUTS: readonly StackOutputKey[] = [
  STACK_OUTPUTS.inputStreamName,
  STACK_OUTPUTS.outputStreamName,
  STACK_OUTPUTS.referenceBucketName,
  STACK_OUTPUTS.alarmTopicArn,
];

/**
 * The mark of a test alarm. `fleetlog verify` forces UnknownSourceRequests into ALARM with
 * `SetAlarmState` and a state reason starting with `reasonPrefix`; the notifier, seeing that
 * reason in the state-change event, starts its subject with `subjectPrefix` and adds the String
 * message attribute `attributeName` = `attributeValue`, so a subscriber can filter tests out
 * (filter policy `{"test": [{"exists": false}]}`) and a reader sees at once that nothing is wrong.
 */
export const VERIFY_TEST_MARK = {
  reasonPrefix: 'fleetlog verify test',
  subjectPrefix: '[TEST] ',
  attributeName: 'test',
  attributeValue: 'fleetlog-verify',
} as const;

/** Whether an alarm state reason is that of a test forced by `fleetlog verify`. */
export function isVerifyTestReason(reason: string | null | undefined): boolean {
  return typeof reason === 'string' && reason.startsWith(VERIFY_TEST_MARK.reasonPrefix);
}
