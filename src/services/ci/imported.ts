import { isAbsolute, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayPath } from '../../core/display-path.js';
import type { Location, ScanError } from '../../core/finding.js';
import type { RuleMeta } from '../../core/rule.js';
import type { RuleHit } from '../../core/rule-hit.js';
import { parseSarif, SarifError, type SarifLocation, type SarifResult, type SarifRule, type SarifRun } from '../../parsers/sarif/parse.js';
import { sarifSeverity } from '../../parsers/sarif/severity.js';
import { buildReport, type ReportPolicy, type ReportResult } from '../../pipeline/report-builder.js';
import type { RuleSelection } from '../../pipeline/rule-selection.js';
import { readRegularFile } from '../../sources/directory/read-input.js';

/** The family of every imported rule ID: `imported/<tool>/<the tool's rule ID>`, so `imported/*` waives them all. */
export const IMPORTED_FAMILY = 'imported';

/** Larger logs are refused (exit 3): an import must never be cut short, or a gate would pass on half of it. */
export const DEFAULT_MAX_SARIF_BYTES = 64 * 1024 * 1024;

export interface SarifFile {
  path: string;
  /** How the report names the file, e.g. as given on the command line. */
  display: string;
}

export interface ImportOptions {
  files: readonly SarifFile[];
  /** Relative result paths are relative to this directory (the checkout the tools ran in), as is every display path. */
  cwd: string;
  policy: ReportPolicy;
  now: Date;
  maxBytes?: number;
}

/** `imported/codeql/js/sql-injection`: the tool's name as a lower-case slug, then its rule ID unchanged. */
export function importedRuleId(tool: string, ruleId: string): string {
  return `${IMPORTED_FAMILY}/${toolSlug(tool)}/${ruleId}`;
}

export function toolSlug(tool: string): string {
  return tool.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'tool';
}

/**
 * Other tools' SARIF results as one report of Rampart findings, through the one report builder, so the severity filter,
 * config exemptions, the ignore file and the baseline apply to them as to Rampart's own. A file that cannot be read or
 * is not SARIF 2.1.0 is an error entry naming it (the scan is incomplete, exit 3), never an empty import.
 */
export async function importSarif(options: ImportOptions): Promise<ReportResult> {
  const started = performance.now();
  const errors: ScanError[] = [];
  const hits: RuleHit[] = [];
  const metas = new Map<string, RuleMeta>();
  for (const file of options.files) {
    let runs: SarifRun[];
    try {
      runs = parseSarif(await readLimited(file.path, options.maxBytes ?? DEFAULT_MAX_SARIF_BYTES));
    } catch (error) {
      errors.push({ file: file.display, message: `not a usable SARIF 2.1.0 log: ${(error as Error).message}` });
      continue;
    }
    for (const run of runs) {
      const occurrences = new Map<string, number>();
      for (const result of run.results) {
        const id = importedRuleId(run.tool.name, result.ruleId);
        let meta = metas.get(id);
        if (!meta) metas.set(id, (meta = importedMeta(id, run.tool.name, result)));
        hits.push(importedHit(meta, run.tool.name, result, file, options.cwd, occurrences));
      }
    }
  }
  const selection = importedSelection([...metas.values()]);
  return buildReport({ hits, errors, directives: new Map(), selection, options: options.policy, now: options.now, started, files: options.files.length, resources: 0, packages: 0, vulnerabilities: [] });
}

/** Non-blocking and regular files only (a FIFO named on the command line must not hang the run), within the limit. */
async function readLimited(path: string, maxBytes: number): Promise<string> {
  const bytes = await readRegularFile(path, maxBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SarifError('not valid UTF-8');
  }
}

/** The rule's own severity (its score, else its default level) describes the rule; each result keeps its own. */
function importedMeta(id: string, tool: string, result: SarifResult): RuleMeta {
  const rule: SarifRule | undefined = result.rule;
  const title = rule?.shortDescription ?? rule?.name ?? result.ruleId;
  return {
    id,
    title: oneLine(title),
    severity: sarifSeverity({ level: rule?.level ?? 'warning', ...(rule ? { rule } : {}) }),
    target: 'imported',
    rationale: rule?.fullDescription ?? rule?.shortDescription ?? `Reported by ${tool} (rule ${result.ruleId}).`,
    remediation: rule?.help ?? (rule?.helpUri ? `See ${rule.helpUri}.` : `See ${tool}'s documentation of rule ${result.ruleId}.`),
    references: rule?.helpUri ? { urls: [rule.helpUri] } : {},
    aliases: {},
  };
}

function importedHit(meta: RuleMeta, tool: string, result: SarifResult, file: SarifFile, cwd: string, occurrences: Map<string, number>): RuleHit {
  const location = result.location ? resultLocation(result.location, cwd) : { file: file.display, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  return {
    meta,
    message: result.message,
    location,
    identity: identityOf(result, location.file, occurrences),
    severity: sarifSeverity(result),
    // A `nosemgrep` or `#nosec` the tool honoured is an inline suppression: shown as such, and void under --strict.
    ...(result.suppression ? { renderedIgnores: [{ ruleIds: ['*'], reason: `${tool}: ${result.suppression.justification ?? `suppressed ${result.suppression.kind}`}` }] } : {}),
  };
}

/**
 * Baselines must survive line shifts: the tool's own fingerprint when it wrote one (CodeQL's
 * `primaryLocationLineHash`, Semgrep's `matchBasedId/v1`), else the message, counted per file for repeats.
 */
function identityOf(result: SarifResult, file: string, occurrences: Map<string, number>): string {
  const names = Object.keys(result.fingerprints).sort();
  if (names.length > 0) return `sarif:${names.map((name) => `${name}=${result.fingerprints[name]}`).join('\0')}`;
  const key = `${result.ruleId}\0${file}\0${result.message}`;
  const count = (occurrences.get(key) ?? 0) + 1;
  occurrences.set(key, count);
  return `message:${result.message}\0${count}`;
}

/**
 * Relative URIs (with `%SRCROOT%` or no base) are relative to the checkout; `file:` URIs inside it are named relative
 * to it too. Nothing is read from these paths: they only name where a finding is.
 */
function resultLocation(location: SarifLocation, cwd: string): Location {
  const region = location.region ?? { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  return { file: resultPath(location.uri, cwd), ...region };
}

function resultPath(uri: string, cwd: string): string {
  if (/^file:/i.test(uri)) {
    try {
      return insideOrAbsolute(fileURLToPath(uri), cwd);
    } catch {
      return uri;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) return uri;
  const decoded = safeDecode(uri);
  return isAbsolute(decoded) ? insideOrAbsolute(decoded, cwd) : displayPath(cwd, resolve(cwd, posix.normalize(decoded)));
}

/** A path outside the checkout keeps its absolute form rather than a `../..` chain. */
function insideOrAbsolute(path: string, cwd: string): string {
  const shown = displayPath(cwd, path);
  return shown === '..' || shown.startsWith('../') ? path : shown;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** Imported rules are not Rampart's to select or configure: they ran elsewhere, and each result carries its severity. */
function importedSelection(metas: RuleMeta[]): RuleSelection {
  const known = new Map(metas.map((meta) => [meta.id, meta]));
  return {
    kubernetes: [],
    kubernetesSet: [],
    dockerfile: [],
    image: [],
    secret: [],
    metas,
    severityOf: (id, fallback) => fallback ?? known.get(id)?.severity ?? 'medium',
    isEnabled: (id) => known.has(id),
  };
}
