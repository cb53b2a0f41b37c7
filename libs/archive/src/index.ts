export {
  ARCHIVE_COLUMNS,
  archivedMalformed,
  archivedRequest,
  archiveJsonLine,
} from './archive-record';
export type {
  ArchiveColumnType,
  ArchivedMalformed,
  ArchivedRequest,
  ArchiveRecord,
} from './archive-record';
export { FIREHOSE_PARTITION_PREFIX, PARTITION_KEYS, partitionOf, partitionPath } from './partition';
export type { ArchivePartition } from './partition';
export { createLineArchiver, MAX_DECOMPRESSED_BYTES } from './line-archiver';
export type { LineArchiver, LineArchiverOptions } from './line-archiver';
export { LocalArchiveWriter, partitionInstant } from './local-archive-writer';
export type { LocalArchiveWriterOptions } from './local-archive-writer';
export { createArchiveTransformHandler } from './firehose-transform';
export type { ArchiveTransformDeps, ArchiveTransformHandler } from './firehose-transform';
export {
  ARCHIVE_TRANSFORMER_ENVIRONMENT,
  archiveTransformerConfigFromEnv,
} from './transformer-config';
export type { ArchiveTransformerConfig } from './transformer-config';
export { ARCHIVE_STACK_OUTPUTS } from './stack-outputs';
export { LocalArchive } from './local-archive';
export type { LocalArchiveOptions } from './local-archive';
