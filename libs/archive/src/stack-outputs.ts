import { STACK_OUTPUTS } from '@fleetlog/pipeline-config';

/**
 * The archive's CloudFormation output keys: a view of `STACK_OUTPUTS` (@fleetlog/pipeline-config,
 * where every output key of the stack is spelled once; infra/src/stack-outputs.ts emits them).
 */
export const ARCHIVE_STACK_OUTPUTS = {
  /** Name of the archive bucket. */
  bucketName: STACK_OUTPUTS.archiveBucketName,
  /** Name of the Athena workgroup the queries run in. */
  workGroup: STACK_OUTPUTS.archiveWorkGroup,
  /** Name of the Glue database of the archive table. */
  database: STACK_OUTPUTS.archiveDatabase,
  /** Name of the Glue table over the archive. */
  table: STACK_OUTPUTS.archiveTable,
} as const;
