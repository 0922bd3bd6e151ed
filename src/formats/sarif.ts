import type { Finding, ResourceRef, ScanError, Suppression, SuppressionKind } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { ruleAliasIds, type RuleMeta } from '../core/rule.js';
import type { Severity } from '../core/severity.js';
import type { VulnerabilityFinding } from '../core/vulnerability.js';
import { fixLabel, markdownReference, normalizeLocation, packageLabel, referenceLines } from './format.js';
import { advisorySource, PROJECT_URL, ruleDocsUrl } from './links.js';
import { directoryUri, displayPath, pathToUriReference } from './paths.js';
import type { FormatOptions, Formatter } from './formatter.js';
import { LazyArray, stringifyChunks } from './json-stream.js';

/** SARIF 2.1.0, shaped for GitHub code scanning: https://docs.oasis-open.org/sarif/sarif/v2.1.0/ */
const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

interface Message {
  text: string;
  markdown?: string;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface Region {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

interface SarifLocation {
  physicalLocation: { artifactLocation: ArtifactLocation; region?: Region };
}

interface ReportingDescriptor {
  id: string;
  name: string;
  shortDescription: Message;
  fullDescription?: Message;
  help?: Message;
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; precision: 'very-high'; 'security-severity'?: string; aliases: string[] };
}

interface VulnerabilityProperties {
  severity: Severity;
  package: VulnerabilityFinding['package'];
  fixedVersions: string[];
  layer?: { digest: string; createdBy?: string };
}

interface SarifSuppression {
  kind: 'inSource' | 'external';
  justification?: string;
  properties: { rampartKind: SuppressionKind; expires?: string };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: Message;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties: { severity: Severity; resource?: ResourceRef; fieldPath?: string; controls: string[] } | VulnerabilityProperties;
  suppressions?: SarifSuppression[];
}

interface Notification {
  level: 'error' | 'warning';
  message: Message;
  locations?: SarifLocation[];
}

/** `Results` is a `LazyArray` only while streaming; the public log always has the array. */
export interface SarifLog<Results = SarifResult[]> {
  $schema: string;
  version: '2.1.0';
  runs: [
    {
      tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: ReportingDescriptor[] } };
      originalUriBaseIds: Record<string, { uri?: string; description: Message }>;
      invocations: [{ executionSuccessful: boolean; toolExecutionNotifications: Notification[] }];
      results: Results;
      columnKind: 'utf16CodeUnits';
    },
  ];
}

/** An unrated advisory (`unknown`) is a warning, as gates rank it with medium (core/severity.ts). */
const LEVELS: Record<Severity, SarifLevel> = { critical: 'error', high: 'error', medium: 'warning', unknown: 'warning', low: 'note', info: 'note' };

/**
 * GitHub code scanning maps these to its own critical/high/medium/low bands (>=9, >=7, >=4, >0). `unknown` has none:
 * a figure would invent the rating nobody published.
 */
const SECURITY_SEVERITY: Partial<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

function securitySeverity(level: Severity, score?: number): { 'security-severity'?: string } {
  const value = score !== undefined ? score.toFixed(1) : SECURITY_SEVERITY[level];
  return value === undefined ? {} : { 'security-severity': value };
}

/** Versioned so a future change in how fingerprints are computed cannot be mistaken for the old kind. */
export const FINGERPRINT_KEY = 'rampartFingerprint/v1';

export function toSarif(report: Report, options: Pick<FormatOptions, 'cwd'> = {}): SarifLog {
  return sarifLog(report, options, (results) => [...results]);
}

/** The log with its results, the part that grows with the findings, made one at a time as they are written. */
function* sarifChunks(report: Report, options: Pick<FormatOptions, 'cwd'>): Generator<string> {
  yield* stringifyChunks(sarifLog(report, options, (results) => new LazyArray(results)));
  yield '\n';
}

function sarifLog<Results>(report: Report, options: Pick<FormatOptions, 'cwd'>, collect: (results: Iterable<SarifResult>) => Results): SarifLog<Results> {
  const catalog = ruleCatalog(report);
  const index = new Map(catalog.map((d, i) => [d.id, i]));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: nonEmpty(report.tool.name, 'rampart'),
            version: nonEmpty(report.tool.version, '0.0.0'),
            semanticVersion: nonEmpty(report.tool.version, '0.0.0'),
            informationUri: PROJECT_URL,
            rules: catalog,
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: {
            ...(options.cwd ? { uri: directoryUri(options.cwd) } : {}),
            description: { text: 'The directory the scan ran in; result paths are relative to it.' },
          },
        },
        invocations: [
          {
            // Unreadable or unparsable input means the analysis is incomplete; warnings do not.
            executionSuccessful: !report.errors.some((e) => (e.level ?? 'error') === 'error'),
            toolExecutionNotifications: report.errors.map((e) => notification(e, options.cwd)),
          },
        ],
        results: collect(results(report, index, options.cwd)),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

function* results(report: Report, index: Map<string, number>, cwd: string | undefined): Generator<SarifResult> {
  for (const f of report.findings) yield result(f, index.get(f.ruleId)!, cwd);
  for (const v of report.vulnerabilities) yield* vulnerabilityResults(v, index.get(v.id)!, cwd);
}

/** Rules that ran, plus any rule a finding names but the catalog lacks, so every ruleIndex is valid. */
function ruleCatalog(report: Report): ReportingDescriptor[] {
  const descriptors = report.rules.map(describeRule);
  const known = new Set(descriptors.map((d) => d.id));
  for (const f of report.findings) {
    if (known.has(f.ruleId)) continue;
    known.add(f.ruleId);
    descriptors.push(describeFindingRule(f));
  }
  // A vulnerability is a rule in SARIF's model (GitHub lists alerts per rule); several packages may share one.
  for (const v of report.vulnerabilities) {
    if (known.has(v.id)) continue;
    known.add(v.id);
    descriptors.push(describeVulnerability(v));
  }
  return descriptors;
}

function describeVulnerability(v: VulnerabilityFinding): ReportingDescriptor {
  const text = [v.summary ?? v.id, v.aliases.length > 0 ? `Also known as ${v.aliases.join(', ')}.` : ''].filter(Boolean).join('\n');
  return {
    id: v.id,
    name: pascalCase(v.id),
    shortDescription: { text: nonEmpty(v.summary ?? '', v.id) },
    fullDescription: { text },
    help: { text: `Upgrade the package: ${fixLabel(v)}.`, markdown: `Upgrade the package: ${fixLabel(v)}.` },
    helpUri: advisorySource(v.id).url,
    defaultConfiguration: { level: LEVELS[v.severity.level] },
    properties: {
      tags: ['security', 'vulnerability'],
      precision: 'very-high',
      ...securitySeverity(v.severity.level, v.severity.score),
      aliases: [...v.aliases],
    },
  };
}

/** One result per file the package was read from, so each lockfile gets its alert. */
function vulnerabilityResults(v: VulnerabilityFinding, ruleIndex: number, cwd: string | undefined): SarifResult[] {
  return v.locations.map((location) => ({
    ruleId: v.id,
    ruleIndex,
    level: LEVELS[v.severity.level],
    message: { text: `${v.id} in ${packageLabel(v)}: ${fixLabel(v)}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(location.file, cwd), region: { startLine: 1 } } }],
    partialFingerprints: { [FINGERPRINT_KEY]: v.fingerprint },
    properties: {
      severity: v.severity.level,
      package: v.package,
      fixedVersions: [...v.fixedVersions],
      ...(location.layer ? { layer: { digest: location.layer.digest, ...(location.layer.createdBy ? { createdBy: location.layer.createdBy } : {}) } } : {}),
    },
    ...(v.suppressed ? { suppressions: [sarifSuppression(v.suppressed)] } : {}),
  }));
}

function describeRule(rule: RuleMeta): ReportingDescriptor {
  const references = referenceLines(rule.references);
  const remediation = rule.remediation.trim();
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: nonEmpty(rule.title, rule.id) },
    ...(rule.rationale.trim() ? { fullDescription: { text: rule.rationale } } : {}),
    ...(remediation || references.length > 0
      ? {
          help: {
            text: [remediation, ...(references.length > 0 ? ['References:', ...references.map((r) => `- ${r}`)] : [])].filter(Boolean).join('\n'),
            markdown: [remediation, ...(references.length > 0 ? ['**References**', references.map((r) => `- ${markdownReference(r)}`).join('\n')] : [])]
              .filter(Boolean)
              .join('\n\n'),
          },
        }
      : {}),
    helpUri: ruleDocsUrl(rule.id),
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: {
      tags: unique(['security', rule.target, ...(rule.controls ?? [])]),
      precision: 'very-high',
      ...securitySeverity(rule.severity),
      aliases: ruleAliasIds(rule),
    },
  };
}

function describeFindingRule(finding: Finding): ReportingDescriptor {
  return {
    id: finding.ruleId,
    name: pascalCase(finding.ruleId),
    shortDescription: { text: nonEmpty(finding.title, finding.ruleId) },
    ...(finding.remediation.trim() ? { help: { text: finding.remediation, markdown: finding.remediation } } : {}),
    helpUri: ruleDocsUrl(finding.ruleId),
    defaultConfiguration: { level: LEVELS[finding.severity] },
    properties: {
      tags: unique(['security', ...finding.controls]),
      precision: 'very-high',
      ...securitySeverity(finding.severity),
      aliases: [...finding.aliases],
    },
  };
}

function result(finding: Finding, ruleIndex: number, cwd: string | undefined): SarifResult {
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVELS[finding.severity],
    message: { text: nonEmpty(finding.message, finding.title, finding.ruleId) },
    locations: [physicalLocation(finding, cwd)],
    partialFingerprints: { [FINGERPRINT_KEY]: nonEmpty(finding.fingerprint, `${finding.ruleId}:${finding.location.file}:${finding.location.startLine}`) },
    properties: {
      severity: finding.severity,
      ...(finding.resource ? { resource: finding.resource } : {}),
      ...(finding.fieldPath ? { fieldPath: finding.fieldPath } : {}),
      controls: [...finding.controls],
    },
    ...(finding.suppressed ? { suppressions: [sarifSuppression(finding.suppressed)] } : {}),
  };
}

function sarifSuppression(suppressed: Suppression): SarifSuppression {
  return {
    kind: suppressed.kind === 'inline' || suppressed.kind === 'annotation' ? 'inSource' : 'external',
    ...(suppressed.reason.trim() ? { justification: suppressed.reason } : {}),
    properties: { rampartKind: suppressed.kind, ...(suppressed.expires ? { expires: suppressed.expires } : {}) },
  };
}

function physicalLocation(finding: Finding, cwd: string | undefined): SarifLocation {
  const { file, startLine, startColumn, endLine, endColumn } = normalizeLocation(finding.location);
  return { physicalLocation: { artifactLocation: artifactLocation(file, cwd), region: { startLine, startColumn, endLine, endColumn } } };
}

function notification(error: ScanError, cwd: string | undefined): Notification {
  return {
    level: error.level ?? 'error',
    message: { text: nonEmpty(error.message, 'unknown error') },
    ...(error.file
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(error.file, cwd),
                ...(error.line !== undefined && error.line >= 1 ? { region: { startLine: Math.floor(error.line) } } : {}),
              },
            },
          ],
        }
      : {}),
  };
}

/** GitHub resolves relative URIs against the repository root; absolute ones (outside cwd) stay absolute file URLs. */
function artifactLocation(file: string, cwd: string | undefined): ArtifactLocation {
  const { uri, relative } = pathToUriReference(displayPath(file, cwd));
  return relative ? { uri, uriBaseId: SRCROOT } : { uri };
}

/** `k8s/pss-privileged` → `K8sPssPrivileged`: SARIF wants an identifier-like name distinct from the ID. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('') || 'Rule';
}

/** SARIF forbids empty message strings and GitHub rejects them; fall back to the next best text. */
function nonEmpty(...candidates: string[]): string {
  return candidates.find((c) => c.trim() !== '') ?? candidates[candidates.length - 1]!;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export const sarifFormatter: Formatter = {
  name: 'sarif',
  format: (report, options) => [...sarifChunks(report, options)].join(''),
  formatChunks: sarifChunks,
};
