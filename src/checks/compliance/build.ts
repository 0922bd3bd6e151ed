import type { Finding } from '../../core/finding.js';
import type { Report } from '../../core/report.js';
import { FRAMEWORKS } from './frameworks.js';
import { subjectOf } from './subjects.js';
import {
  CONTROL_STATUSES,
  type ComplianceControl,
  type ComplianceEvidence,
  type ComplianceReport,
  type ComplianceScope,
  type ControlDefinition,
  type ControlStatus,
  type FrameworkDefinition,
  type FrameworkId,
} from './types.js';

/** The compliance JSON contract (docs/compliance.schema.json): the minor for additions, the major for breaking changes. */
export const COMPLIANCE_SCHEMA_VERSION = '1.0.0';

export interface ComplianceOptions {
  /**
   * What the scan had in front of it. The report alone says how many objects were scanned, not of which kinds, nor
   * which node components `rampart node` found: without a scope a rule counts as having judged something only when
   * it reported a finding (suppressed ones included), so a clean report's controls are not applicable, never `pass`.
   */
  scope?: ComplianceScope;
  /** The report's date; the current time when absent. */
  now?: Date;
}

/** What the rules had to judge: the caller's scope, and what the findings prove. */
interface Coverage {
  ran: ReadonlySet<string>;
  found: ReadonlyMap<string, Finding[]>;
  kinds: Set<string>;
  components: Set<string>;
  files: Set<string>;
}

/**
 * The report of `framework` for one scan's report: every control with its status, the rules that evidence it, and
 * the findings (failing, and suppressed with their reasons). Pure: the report is not changed.
 */
export function buildComplianceReport(report: Report, framework: FrameworkId, options: ComplianceOptions = {}): ComplianceReport {
  const definition = FRAMEWORKS[framework];
  const found = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const same = found.get(finding.ruleId);
    if (same) same.push(finding);
    else found.set(finding.ruleId, [finding]);
  }
  const scope = options.scope ?? {};
  const coverage: Coverage = {
    ran: new Set(report.rules.map((rule) => rule.id)),
    found,
    // The report names the kinds it scanned (summary.resourceKinds); a caller may know more.
    kinds: new Set([...(scope.kinds ?? []), ...Object.keys(report.summary.resourceKinds ?? {})]),
    components: new Set(scope.components ?? []),
    files: new Set(scope.files ?? []),
  };
  addWhatFindingsProve(report.findings, coverage);
  const sectionTitles = new Map(definition.sections.map((section) => [section.id, section.title]));
  const controls = definition.controls.map((control) => judgeControl(control, sectionTitles.get(control.section) ?? control.section, coverage));
  const summary = { total: controls.length, ...Object.fromEntries(CONTROL_STATUSES.map((status) => [status, controls.filter((c) => c.status === status).length])) } as ComplianceReport['summary'];
  const errors = report.errors.filter((error) => error.level !== 'warning');
  return {
    schemaVersion: COMPLIANCE_SCHEMA_VERSION,
    tool: report.tool,
    framework: frameworkInfo(definition),
    generatedAt: (options.now ?? new Date()).toISOString(),
    scanned: {
      files: report.summary.files,
      resources: report.summary.resources,
      kinds: [...coverage.kinds].sort(),
      components: [...coverage.components].sort(),
      ...(report.target ? { target: report.target.name } : {}),
    },
    incomplete: errors.length > 0,
    errors,
    summary,
    controls,
  };
}

/**
 * A finding proves its subject was scanned, and every rule with that subject ran over it: a Deployment with a missing
 * CPU limit was judged by the privileged-container rule too, a kubelet setting found means the kubelet was read. So
 * a report without a scope (a stored one, in the dashboard) still passes what it demonstrably judged.
 */
function addWhatFindingsProve(findings: readonly Finding[], coverage: { kinds: Set<string>; components: Set<string>; files: Set<string> }): void {
  for (const finding of findings) {
    const subject = subjectOf(finding.ruleId);
    if (subject === undefined) continue;
    if ('kinds' in subject) {
      if (finding.resource && (subject.kinds === 'any' || subject.kinds.includes(finding.resource.kind))) coverage.kinds.add(finding.resource.kind);
    } else if ('component' in subject) coverage.components.add(subject.component);
    else coverage.files.add(subject.file);
  }
}

function frameworkInfo(definition: FrameworkDefinition): ComplianceReport['framework'] {
  return { id: definition.id, name: definition.name, version: definition.version, url: definition.url };
}

function judgeControl(control: ControlDefinition, sectionTitle: string, coverage: Coverage): ComplianceControl {
  const findings = control.rules.flatMap((rule) => {
    const field = control.fields?.[rule];
    const pattern = field === undefined ? undefined : new RegExp(field);
    return (coverage.found.get(rule) ?? []).filter((finding) => !pattern || pattern.test(finding.fieldPath ?? ''));
  });
  const failing = findings.filter((f) => !f.suppressed).map(evidenceOf);
  const suppressed = findings.filter((f) => f.suppressed).map(evidenceOf);
  const rulesJudged = control.rules.filter((rule) => judged(rule, coverage));
  const off = control.rules.filter((rule) => !coverage.ran.has(rule));
  const { status, reason } = statusOf(control, rulesJudged, off, failing, suppressed.length);
  return {
    id: control.id,
    title: control.title,
    section: control.section,
    sectionTitle,
    description: control.description,
    coverage: control.coverage,
    ...(control.level ? { level: control.level } : {}),
    ...(control.seeAlso ? { seeAlso: [...control.seeAlso] } : {}),
    status,
    reason,
    rules: [...control.rules],
    ...(control.fields ? { fields: { ...control.fields } } : {}),
    rulesJudged,
    ...(control.audit ? { audit: control.audit } : {}),
    failing,
    suppressed,
  };
}

/** A rule's silence is evidence only when it ran and had its subject in front of it; its findings always are. */
function judged(rule: string, coverage: Coverage): boolean {
  if (!coverage.ran.has(rule)) return false;
  if (coverage.found.has(rule)) return true;
  const subject = subjectOf(rule);
  if (!subject) return false;
  if ('kinds' in subject) return subject.kinds === 'any' ? coverage.kinds.size > 0 : subject.kinds.some((kind) => coverage.kinds.has(kind));
  if ('component' in subject) return coverage.components.has(subject.component);
  return coverage.files.has(subject.file);
}

function statusOf(control: ControlDefinition, judgedRules: string[], off: string[], failing: ComplianceEvidence[], suppressed: number): { status: ControlStatus; reason: string } {
  if (control.coverage === 'manual') return { status: 'manual', reason: 'No rule can evidence this control: audit it as described.' };
  if (failing.length > 0) return { status: 'fail', reason: `${count(failing.length, 'unsuppressed finding')} of ${list([...new Set(failing.map((e) => e.ruleId))])}.` };
  const turnedOff = off.length > 0 ? ` Not run in this scan: ${list(off)}.` : '';
  if (judgedRules.length === 0) {
    return { status: 'not-applicable', reason: `None of its rules had anything to judge in this input.${turnedOff}` };
  }
  const waived = suppressed > 0 ? ` ${count(suppressed, 'finding')} suppressed (listed with their reasons).` : '';
  const rest = control.coverage === 'partial' ? ' The automated part passes; the audit text says what to verify by hand.' : '';
  return { status: 'pass', reason: `${list(judgedRules)} judged this input and found nothing unsuppressed.${waived}${turnedOff}${rest}` };
}

function evidenceOf(finding: Finding): ComplianceEvidence {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    file: finding.location.file,
    // 1-based as every format promises, whatever a rule reported.
    line: Math.max(1, Math.floor(finding.location.startLine) || 1),
    column: Math.max(1, Math.floor(finding.location.startColumn) || 1),
    ...(finding.resource ? { resource: { ...finding.resource } } : {}),
    ...(finding.fieldPath ? { fieldPath: finding.fieldPath } : {}),
    fingerprint: finding.fingerprint,
    ...(finding.suppressed ? { suppression: { ...finding.suppressed } } : {}),
  };
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const list = (ids: readonly string[]) => ids.join(', ');
