/**
 * CloudFormation output keys of the archive (infra/src/archive names its CfnOutputs with them;
 * `fleetlog query --athena --stack NAME` reads them), so no side keeps a copy of the other's spelling.
 */
export const ARCHIVE_STACK_OUTPUTS = {
  /** Name of the archive bucket. */
  bucketName: 'ArchiveBucketName',
  /** Name of the Athena workgroup the queries run in. */
  workGroup: 'ArchiveWorkGroup',
  /** Name of the Glue database of the archive table. */
  database: 'ArchiveDatabase',
  /** Name of the Glue table over the archive. */
  table: 'ArchiveTable',
} as const;
