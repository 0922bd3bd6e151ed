import { resolve } from 'node:path';
import { DownloadError } from '../checks/vulnerabilities/database/download.js';
import type { ImportResult } from '../checks/vulnerabilities/database/import.js';
import { resolveDatabasePath } from '../checks/vulnerabilities/database/location.js';
import { describeDatabase, staleWarning, type DatabaseReport } from '../checks/vulnerabilities/database/staleness.js';
import { DEFAULT_MAX_AGE_MS, formatAge, parseMaxAge } from '../checks/vulnerabilities/database/max-age.js';
import {
  DatabaseUpdateError,
  DEFAULT_OSV_BASE_URL,
  importDatabase,
  updateDatabase,
  type UpdateEvent,
  type UpdateResult,
} from '../checks/vulnerabilities/database/update.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { CACHE_DIR_OPTION, EXIT_CODES, OUTPUT_OPTION, type OptionSpec } from './options.js';
import { writeOutput } from './output.js';
import { progressLine, type ProgressLine } from './progress.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';
import { formatBytes } from '../core/bytes.js';

export const DB_PATH_OPTION: OptionSpec = {
  name: 'db',
  type: 'string',
  value: 'PATH',
  description: 'Vulnerability database file. Default: $RAMPART_DB, else osv/osv.sqlite in --cache-dir.',
};

export const DB_OPTIONS: OptionSpec[] = [
  DB_PATH_OPTION,
  CACHE_DIR_OPTION,
  { name: 'base-url', type: 'string', value: 'URL', description: `update: where to download from, laid out as OSV's bucket (<URL>/ecosystems.txt, <URL>/<ECOSYSTEM>/all.zip). Default: ${DEFAULT_OSV_BASE_URL}. http:// is accepted for mirrors inside an air gap.` },
  { name: 'ecosystem', short: 'e', type: 'string', multiple: true, value: 'NAME', description: 'update: download only this ecosystem (as OSV names it: npm, PyPI, Go, Debian...). Repeatable. Default: every ecosystem in <URL>/ecosystems.txt.' },
  { name: 'force', type: 'boolean', description: 'update: download everything again, ignoring the cache, and rebuild.' },
  { name: 'format', type: 'string', value: 'FMT', description: 'status: table (default) or json.' },
  { ...OUTPUT_OPTION, description: 'status: write to FILE instead of standard output.' },
  { name: 'quiet', short: 'q', type: 'boolean', description: 'update, import: no progress line, and no per-ecosystem lines in logs (warnings and the summary stay).' },
  { name: 'max-age', type: 'string', value: 'AGE', description: 'status: warn when the database is older than this (e.g. 12h, 3d, 2w). Default: 7d.' },
];

const USAGE = 'usage: rampart db update [--ecosystem NAME]... | import PATH... | status';

export const dbCommand: CommandSpec = {
  usage: 'db update [--ecosystem NAME]... [--base-url URL] [--force] | import PATH... | status [--format table|json] [--db PATH]',
  summary: 'Manage the offline vulnerability database: download OSV data, import local OSV files, show its age and contents.',
  options: DB_OPTIONS,
  run: runDbCommand,
};

const ONLY: Record<string, string> = { 'base-url': 'update', ecosystem: 'update', force: 'update', format: 'status', 'max-age': 'status' };

export async function runDbCommand(values: CliValues, positionals: string[], io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  const [action, ...args] = positionals;
  if (action !== 'update' && action !== 'import' && action !== 'status') throw new UsageError(action ? `unknown db action "${action}" (${USAGE})` : USAGE);
  for (const [option, owner] of Object.entries(ONLY)) {
    if (values[option] !== undefined && owner !== action) throw new UsageError(`--${option} applies to \`db ${owner}\` only`);
  }
  if (action !== 'import' && args.length > 0) throw new UsageError(`db ${action} takes no arguments (${USAGE})`);
  const dbPath = resolveDatabasePath(typeof values.db === 'string' ? values.db : undefined, io.env, io.cwd);
  try {
    if (action === 'status') return status(dbPath, values, io, now());
    if (action === 'import') return await importFiles(args, dbPath, values, io);
    return await update(dbPath, values, io);
  } catch (error) {
    if (error instanceof DatabaseUpdateError || error instanceof DownloadError) {
      io.stderr(`rampart: ${error.message}\n`);
      return EXIT_CODES.scanErrors;
    }
    throw error;
  }
}

async function update(dbPath: string, values: CliValues, io: CliIo): Promise<number> {
  const ecosystems = Array.isArray(values.ecosystem) ? values.ecosystem : undefined;
  const line = progressLine(io, values);
  const progress = line ? new ProgressBar(io, line) : undefined;
  let result: UpdateResult;
  try {
    result = await updateDatabase({
      dbPath,
      ...(typeof values['base-url'] === 'string' ? { baseUrl: values['base-url'] } : {}),
      ...(ecosystems ? { ecosystems } : {}),
      force: values.force === true,
      onEvent: (event) => (progress ? progress.event(event) : logEvent(event, io, values.quiet === true)),
    });
  } finally {
    progress?.clear();
  }
  return reportUpdate(result, io);
}

function reportUpdate(result: UpdateResult, io: CliIo): number {
  const failed = result.ecosystems.filter((o) => o.status === 'failed');
  if (failed.length > 0) {
    for (const outcome of failed) io.stderr(`rampart: ${outcome.error?.message ?? `${outcome.ecosystem}: download failed`}\n`);
    io.stderr(`rampart: ${failed.length} of ${result.ecosystems.length} downloads failed; the database at ${result.dbPath} was not changed\n`);
    return EXIT_CODES.scanErrors;
  }
  if (result.upToDate) {
    io.stdout(`The vulnerability database at ${result.dbPath} is up to date: nothing changed upstream.\n`);
    return EXIT_CODES.clean;
  }
  const downloaded = result.ecosystems.filter((o) => o.status === 'downloaded').length;
  io.stdout(`Downloaded ${downloaded} of ${result.ecosystems.length} ecosystems (the others were unchanged).\n`);
  if (result.import) io.stdout(importSummary(result.import, result.dbPath));
  return EXIT_CODES.clean;
}

/** One line per ecosystem, for logs: a redrawn bar would fill them with carriage returns. */
function logEvent(event: UpdateEvent, io: CliIo, quiet = false): void {
  if (event.kind === 'ecosystems' && event.ignored.length > 0) io.stderr(`rampart: warning: ignoring invalid ecosystem names: ${event.ignored.map((n) => JSON.stringify(n)).join(', ')}\n`);
  if (event.kind === 'retry') io.stderr(`rampart: ${event.error.message}; retrying in ${(event.delayMs / 1000).toFixed(1)} s\n`);
  if (event.kind === 'download-done' && !quiet) {
    const { ecosystem, status, bytes } = event.outcome;
    if (status === 'downloaded') io.stderr(`${ecosystem}: downloaded ${formatBytes(bytes ?? 0)}\n`);
    else if (status === 'not-modified') io.stderr(`${ecosystem}: not modified\n`);
    else io.stderr(`${ecosystem}: failed\n`);
  }
}

/** The progress line on a terminal: current ecosystem, bytes against Content-Length, then import progress. */
class ProgressBar {
  private stage = '';

  constructor(
    private readonly io: CliIo,
    private readonly line: ProgressLine,
  ) {}

  event(event: UpdateEvent): void {
    if (event.kind === 'download-progress') {
      const { ecosystem, received, total } = event;
      this.show(ecosystem, total ? `${ecosystem} ${bar(received / total)} ${formatBytes(received)} / ${formatBytes(total)}` : `${ecosystem} ${formatBytes(received)}`, received === total);
    } else if (event.kind === 'import-progress') {
      this.show('import', `importing: ${event.progress.processed} records read, ${event.progress.skipped} skipped`);
    } else if (event.kind === 'download-start') {
      this.line.show(`${event.ecosystem}: connecting`, true);
    } else {
      this.line.clear();
      logEvent(event, this.io);
    }
  }

  clear(): void {
    this.line.clear();
  }

  /** The first line of each stage (an ecosystem's download, the import) is drawn at once, however soon it comes. */
  private show(stage: string, text: string, force = false): void {
    this.line.show(text, force || stage !== this.stage);
    this.stage = stage;
  }
}

function bar(fraction: number): string {
  const width = 30;
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
}

async function importFiles(paths: string[], dbPath: string, values: CliValues, io: CliIo): Promise<number> {
  if (paths.length === 0) throw new UsageError(`db import needs at least one OSV zip, directory or JSON file (${USAGE})`);
  const line = progressLine(io, values);
  const progress = line ? new ProgressBar(io, line) : undefined;
  const absolute = paths.map((p) => resolve(io.cwd, p));
  let result: ImportResult;
  try {
    result = await importDatabase(absolute, dbPath, progress ? { onProgress: (p) => progress.event({ kind: 'import-progress', progress: p }) } : {});
  } finally {
    progress?.clear();
  }
  io.stdout(importSummary(result, dbPath));
  // A database built from nothing would make every later scan report "no vulnerabilities": say so and fail.
  if (result.advisories === 0) {
    io.stderr(`rampart: nothing importable in ${paths.join(', ')}: no OSV records (.json or .yaml)${result.skipped.length > 0 ? `, ${result.skipped.length} skipped` : ''}\n`);
    return EXIT_CODES.scanErrors;
  }
  return EXIT_CODES.clean;
}

const SKIP_EXAMPLES = 5;

function importSummary(result: ImportResult, dbPath: string): string {
  const ecosystems = Object.entries(result.perEcosystem).map(([name, n]) => `${name} ${n}`).join(', ');
  const lines = [`Imported ${result.advisories} advisories${ecosystems ? ` (${ecosystems})` : ''} into ${dbPath}.`];
  if (result.replaced + result.ignoredOlder > 0) lines.push(`Merged ${result.replaced + result.ignoredOlder} duplicate records, keeping the most recently modified copy.`);
  if (result.skipped.length > 0) {
    const reasons = Object.entries(result.skippedByCode).map(([code, n]) => `${code} ${n}`).join(', ');
    lines.push(`Skipped ${result.skipped.length} ${result.skipped.length === 1 ? 'file or record' : 'files or records'}: ${reasons}.`);
    for (const skip of result.skipped.slice(0, SKIP_EXAMPLES)) lines.push(`  ${oneLine(skip.origin)}: ${skip.reason.code}${skip.reason.detail ? ` (${oneLine(skip.reason.detail)})` : ''}`);
    if (result.skipped.length > SKIP_EXAMPLES) lines.push(`  ... and ${result.skipped.length - SKIP_EXAMPLES} more`);
  }
  return `${lines.join('\n')}\n`;
}

/** Skip details quote untrusted input (parser messages, entry names): one short line, no control characters. */
function oneLine(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}

async function status(dbPath: string, values: CliValues, io: CliIo, now: Date): Promise<number> {
  const format = typeof values.format === 'string' ? values.format : 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`unknown format "${format}" (use table or json)`);
  const maxAgeText = typeof values['max-age'] === 'string' ? values['max-age'] : undefined;
  const maxAge = maxAgeText === undefined ? DEFAULT_MAX_AGE_MS : parseMaxAge(maxAgeText);
  if (maxAge === undefined) throw new UsageError(`--max-age must be a number with s, m, h, d or w (e.g. 3d), not "${maxAgeText}"`);
  const described = describeDatabase(dbPath, now, maxAge);
  if (!described.ok) {
    io.stderr(`rampart: ${described.message}\n`);
    return EXIT_CODES.scanErrors;
  }
  const report = described.report;
  await writeOutput(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : statusTable(report, now), values, io);
  if (report.stale) io.stderr(`rampart: warning: STALE: ${staleWarning(dbPath, report.importedAt, now)}\n`);
  return EXIT_CODES.clean;
}

function statusTable(report: DatabaseReport, now: Date): string {
  const source = report.source === null
    ? 'unknown'
    : report.source.kind === 'download'
      ? `${report.source.baseUrl} (${report.source.ecosystems.join(', ')})`
      : `imported from ${report.source.paths.join(', ')}`;
  const age = Math.max(0, now.getTime() - Date.parse(report.importedAt));
  const rows: Array<[string, string]> = [
    ['Database', report.path],
    ['Imported', `${report.importedAt} (${Number.isNaN(age) ? 'unknown age' : `${formatAge(age)} ago`})`],
    ['Status', report.stale ? `STALE: older than ${formatAge(report.maxAgeSeconds * 1000)}` : 'fresh'],
    ['Source', source],
    ['Advisories', String(report.advisories)],
    ...Object.entries(report.perEcosystem).map(([name, n]): [string, string] => [`  ${name}`, String(n)]),
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}
