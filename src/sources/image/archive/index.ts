export { ArchiveError } from './blob.js';
export { openImageArchive, type OpenArchiveOptions } from './open.js';
export { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits, type ArchiveOptions } from './source.js';
