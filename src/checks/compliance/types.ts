import type { ResourceRef, ScanError, SuppressionKind } from '../../core/finding.js';
import type { Severity } from '../../core/severity.js';

/** The frameworks a compliance report can be built for. */
export type FrameworkId = 'nsa' | 'cis' | 'pss';
export const FRAMEWORK_IDS: readonly FrameworkId[] = ['nsa', 'cis', 'pss'];

export function isFrameworkId(text: string): text is FrameworkId {
  return (FRAMEWORK_IDS as readonly string[]).includes(text);
}

/**
 * `pass`: the rules that evidence the control judged something in this input and found nothing unsuppressed.
 * `fail`: at least one unsuppressed finding of those rules. `manual`: no automated evidence exists (or none could be
 * gathered from this kind of report); an auditor checks it by hand. `not-applicable`: the control has rules, but none
 * of them had anything to judge in this input (a Dockerfile scan says nothing about the API server).
 */
export type ControlStatus = 'pass' | 'fail' | 'manual' | 'not-applicable';
export const CONTROL_STATUSES: readonly ControlStatus[] = ['pass', 'fail', 'manual', 'not-applicable'];

/**
 * How much of a control the rules decide. `automated`: the rules check what the control asks. `partial`: they check
 * part of it, the audit text says what else to verify. `manual`: nothing automated.
 */
export type ControlCoverage = 'automated' | 'partial' | 'manual';

/** What a rule must have had in front of it for its silence to mean something. */
export type RuleSubject =
  /** Kubernetes objects of one of these kinds were scanned. */
  | { kinds: readonly string[] | 'any' }
  /** `rampart node` found this component (process, static pod or distribution config). */
  | { component: 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'etcd' | 'kubelet' }
  /** `rampart node` found a file of this role (its permissions and owner were judged). */
  | { file: string };

/** One control of a framework, as data. Titles and descriptions are Rampart's own words. */
export interface ControlDefinition {
  /** The framework's own numbering where it has one (`5.2.2`), else a stable Rampart ID (`NSA-POD-1`). */
  id: string;
  title: string;
  /** ID of the framework section the control belongs to. */
  section: string;
  /** What the control asks for. */
  description: string;
  /** Rule IDs whose findings evidence the control (empty for manual controls). */
  rules: readonly string[];
  /**
   * For a rule that checks more than this control asks (one rule for hostNetwork, hostPID and hostIPC): only its
   * findings whose `fieldPath` matches this regular expression evidence the control.
   */
  fields?: Readonly<Record<string, string>>;
  coverage: ControlCoverage;
  /** How an auditor verifies what the rules do not (required for partial and manual controls). */
  audit?: string;
  /** Pod Security Standards controls: the level the control belongs to. */
  level?: 'baseline' | 'restricted';
  /** The same control in other tools (Kubescape control IDs), for readers comparing reports. */
  seeAlso?: readonly string[];
}

export interface FrameworkSection {
  id: string;
  title: string;
}

export interface FrameworkDefinition {
  id: FrameworkId;
  name: string;
  version: string;
  /** Where the published text lives. */
  url: string;
  sections: readonly FrameworkSection[];
  controls: readonly ControlDefinition[];
}

/** What was in front of the rules, when the caller knows more than the report says (see `ComplianceScope`). */
export interface ComplianceScope {
  /** Kinds of the Kubernetes objects scanned. */
  kinds?: readonly string[];
  /** Components `rampart node` found. */
  components?: readonly string[];
  /** Roles of the files `rampart node` judged. */
  files?: readonly string[];
}

/** A finding as evidence: where it is and what it says, and for suppressed ones why. */
export interface ComplianceEvidence {
  ruleId: string;
  severity: Severity;
  message: string;
  /** `file:line` of the finding (a manifest, a cluster object's display path, a node file or process). */
  file: string;
  line: number;
  column: number;
  resource?: ResourceRef;
  fieldPath?: string;
  fingerprint: string;
  suppression?: { kind: SuppressionKind; reason: string; expires?: string };
}

export interface ComplianceControl {
  id: string;
  title: string;
  section: string;
  sectionTitle: string;
  description: string;
  coverage: ControlCoverage;
  level?: 'baseline' | 'restricted';
  seeAlso?: string[];
  status: ControlStatus;
  /** Why the control has its status, in a sentence. */
  reason: string;
  /** The rule IDs that evidence the control. */
  rules: string[];
  /** Rules whose findings count only at these fields (regular expressions over `fieldPath`). */
  fields?: Record<string, string>;
  /** Of those, the ones that judged something in this input. */
  rulesJudged: string[];
  audit?: string;
  failing: ComplianceEvidence[];
  suppressed: ComplianceEvidence[];
}

export interface ComplianceReport {
  /** The compliance JSON contract version (docs/compliance.schema.json). */
  schemaVersion: string;
  tool: { name: string; version: string };
  framework: { id: FrameworkId; name: string; version: string; url: string };
  generatedAt: string;
  /** What the scan covered, from the report (and the scope, when the caller gave one). */
  scanned: { files: number; resources: number; kinds: string[]; components: string[]; target?: string };
  /** Error-level scan errors: some input was not read, so a `pass` may hide what that input holds. */
  incomplete: boolean;
  errors: ScanError[];
  summary: Record<ControlStatus, number> & { total: number };
  controls: ComplianceControl[];
}
