export { cvssSeverity, scoreCvss, scoreCvssV2, scoreCvssV3, scoreCvssV4, type CvssSeverity, type CvssType } from './cvss/index.js';
export { importOsv, type ImportOptions, type ImportProgress, type ImportResult, type SkippedRecord } from './import.js';
export {
  parseOsvRecord,
  parseOsvTime,
  validateOsvRecord,
  type OsvAffected,
  type OsvEvent,
  type OsvEventKind,
  type OsvPackage,
  type OsvRange,
  type OsvRangeType,
  type OsvRecord,
  type OsvSeverity,
  type SkipCode,
  type SkipReason,
} from './model.js';
export { baseEcosystem, normalizePackageName } from './names.js';
export {
  openDatabase,
  type AdvisoryDetails,
  type AdvisoryRow,
  type AffectedEntry,
  type AffectedRow,
  type DatabaseStatus,
  type OsvDatabase,
  type PackageQuery,
  type QueryOptions,
} from './query.js';
export { advisorySeverity, type AdvisorySeverity } from './severity.js';
export { DEFAULT_ZIP_LIMITS, readZipEntries, ZipError, type ZipEntry, type ZipLimits } from './zip.js';
export { DownloadError, downloadFile, fetchText, type DownloadErrorKind, type DownloadOptions, type DownloadOutcome, type HttpOptions, type Validators } from './download.js';
export { defaultDatabasePath, downloadsDirFor, resolveDatabasePath, statePathFor } from './location.js';
export { DEFAULT_MAX_AGE_MS, formatAge, parseMaxAge } from './max-age.js';
export {
  databaseAgeWarning,
  describeDatabase,
  openDatabaseOrExplain,
  type DatabaseReport,
  type DescribedDatabase,
  type OpenedDatabase,
} from './staleness.js';
export type { BuiltFrom, CachedDownload, DatabaseSource, UpdateState } from './update-state.js';
export {
  DatabaseUpdateError,
  DEFAULT_OSV_BASE_URL,
  importDatabase,
  parseEcosystemList,
  updateDatabase,
  type EcosystemOutcome,
  type ImportFilesOptions,
  type UpdateEvent,
  type UpdateOptions,
  type UpdateResult,
} from './update.js';
