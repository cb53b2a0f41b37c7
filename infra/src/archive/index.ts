export { Archive } from './archive';
export type { ArchiveProps } from './archive';
export { ArchiveBucket, ARCHIVE_PREFIXES, archiveLifecycle } from './archive-bucket';
export type { ArchiveLifecycle } from './archive-bucket';
export { ArchiveQueryEngine, ARCHIVE_TABLE_NAME } from './archive-query-engine';
