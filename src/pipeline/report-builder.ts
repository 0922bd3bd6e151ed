import type { Finding, ScanError } from '../core/finding.js';
import type { IgnoreDirective } from '../core/ignore-directive.js';
import { emptyBySeverity, REPORT_SCHEMA_VERSION, summarizeVulnerabilities, type Report, type ScanTarget } from '../core/report.js';
import { fingerprintRuleId, ruleAliasIds, type RuleMeta } from '../core/rule.js';
import type { RuleHit } from '../core/rule-hit.js';
import type { Severity } from '../core/severity.js';
import { fingerprintOf } from '../core/fingerprint.js';
import type { UncheckedFile, VulnerabilityFinding } from '../core/vulnerability.js';
import { TOOL_NAME, TOOL_VERSION } from '../core/version.js';
import type { SuppressionEntry } from '../config/suppression-entry.js';
import { withoutDuplicateSecretReports } from '../checks/rules/secrets/overlap.js';
import type { RuleSelection } from './rule-selection.js';
import { applySuppressions, applyVulnerabilitySuppressions } from './suppress.js';

export interface ReportResult {
  report: Report;
  /** Findings paired with the rule hits they came from (fix data, fix targets), in report order. */
  hits: Map<Finding, RuleHit>;
}

/** How findings are filtered and waived: the same for every scan, and for the admission webhook. */
export interface ReportPolicy {
  /** Only these severities are reported; undefined reports all. */
  severities?: Severity[];
  exemptions: SuppressionEntry[];
  ignoreEntries: SuppressionEntry[];
  baseline?: Set<string>;
  /** Comments and annotations in the scanned input do not suppress. */
  strict: boolean;
}

/** What a scan gathered, before it becomes a report. */
export interface ScanState {
  hits: RuleHit[];
  errors: ScanError[];
  /** Inline `rampart:ignore` comments per display file. */
  directives: Map<string, IgnoreDirective[]>;
  selection: RuleSelection;
  options: ReportPolicy;
  now: Date;
  /** `performance.now()` when the scan began. */
  started: number;
  files: number;
  resources: number;
  /** Kubernetes objects scanned per kind. */
  kinds?: ReadonlyMap<string, number>;
  packages: number;
  vulnerabilities: VulnerabilityFinding[];
  unchecked?: UncheckedFile[];
  target?: ScanTarget;
}

/**
 * The one report builder under every scan: deduplicates hits, applies configured severities and the severity filter,
 * fingerprints, suppresses, sorts and counts. It returns new objects and leaves the state it is given as it was.
 */
export function buildReport(state: ScanState): ReportResult {
  const { options, now } = state;
  const findings = toFindings(withoutDuplicateSecretReports(dedupe(state.hits), state.selection.severityOf), state.selection, options.severities);
  const sources = {
    exemptions: options.exemptions,
    ignoreEntries: options.ignoreEntries,
    ...(options.baseline ? { baseline: options.baseline } : {}),
    now,
  };
  const { errors: expiry } = applySuppressions(findings, { ...sources, directives: state.directives, strict: options.strict });
  const kept = options.severities ? state.vulnerabilities.filter((v) => options.severities!.includes(v.severity.level)) : state.vulnerabilities;
  const vulnerabilities = applyVulnerabilitySuppressions(kept, sources);

  const sorted = findings.sort((a, b) => compareFindings(a.finding, b.finding));
  const bySeverity = emptyBySeverity();
  let suppressed = 0;
  for (const { finding } of sorted) {
    if (finding.suppressed) suppressed++;
    else bySeverity[finding.severity]++;
  }
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    ...(state.target ? { target: state.target } : {}),
    findings: sorted.map((p) => p.finding),
    vulnerabilities,
    ...(state.unchecked && state.unchecked.length > 0 ? { unchecked: state.unchecked } : {}),
    errors: [...state.errors, ...expiry],
    summary: {
      bySeverity,
      files: state.files,
      resources: state.resources,
      ...(state.kinds && state.kinds.size > 0 ? { resourceKinds: Object.fromEntries([...state.kinds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) } : {}),
      suppressed,
      durationMs: Math.round(performance.now() - state.started),
      packages: state.packages,
      vulnerabilities: summarizeVulnerabilities(vulnerabilities),
    },
    rules: state.selection.metas,
  };
  return { report, hits: new Map(sorted.map((p) => [p.finding, p.hit])) };
}

/** Overlays rendered beside their base map the same base finding twice; report it once. */
function dedupe(hits: RuleHit[]): RuleHit[] {
  // Keyed without the message, which can be long: hits at one place of one rule are few, and compared by message.
  const seen = new Map<string, string[]>();
  return hits.filter((hit) => {
    const l = hit.location;
    const key = `${hit.meta.id}\0${l.file}\0${l.startLine}:${l.startColumn}\0${hit.fieldPath ?? ''}`;
    const messages = seen.get(key);
    if (!messages) {
      seen.set(key, [hit.message]);
      return true;
    }
    if (messages.includes(hit.message)) return false;
    messages.push(hit.message);
    return true;
  });
}

/** What every finding of one rule shares, computed once per rule rather than per finding. */
interface RuleFacts {
  aliases: string[];
  fingerprintId: string;
}

/** Kept across reports: the admission webhook builds one per request from the same rules. */
const ruleFacts = new WeakMap<RuleMeta, RuleFacts>();

function toFindings(hits: RuleHit[], selection: RuleSelection, severities: Severity[] | undefined): Array<{ finding: Finding; hit: RuleHit }> {
  const pairs: Array<{ finding: Finding; hit: RuleHit }> = [];
  for (const hit of hits) {
    const severity = selection.severityOf(hit.meta.id, hit.severity);
    if (severities && !severities.includes(severity)) continue;
    let rule = ruleFacts.get(hit.meta);
    if (!rule) ruleFacts.set(hit.meta, (rule = { aliases: ruleAliasIds(hit.meta), fingerprintId: fingerprintRuleId(hit.meta) }));
    // Field by field rather than with conditional spreads, which V8 copies through a slow generic path: a scan makes
    // tens of thousands of these. The order of assignment is the order of the keys.
    const finding = { ruleId: hit.meta.id, severity, title: hit.meta.title, message: hit.message, location: hit.location } as Finding;
    if (hit.fieldPath) finding.fieldPath = hit.fieldPath;
    if (hit.resource) finding.resource = hit.resource;
    finding.controls = hit.meta.controls ?? [];
    // A copy per finding: a consumer that edits one finding's list must not edit its neighbours'.
    finding.aliases = [...rule.aliases];
    finding.remediation = hit.meta.remediation;
    finding.fingerprint = fingerprintOf(rule.fingerprintId, hit.location.file, hit.identity);
    if (hit.secret) finding.secret = hit.secret;
    if (hit.fix) finding.fix = hit.fix;
    pairs.push({ finding, hit });
  }
  return pairs;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    // Most pairs share a file, and localeCompare costs even on equal strings.
    (a.location.file === b.location.file ? 0 : a.location.file.localeCompare(b.location.file)) ||
    a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
