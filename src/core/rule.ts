import type { Severity } from './severity.js';

export type RuleTarget = 'kubernetes' | 'dockerfile' | 'image' | 'secret' | 'node' | 'imported';

/** Equivalent IDs in other tools, so users can migrate suppressions. */
export interface RuleAliases {
  trivy?: string[];
  checkov?: string[];
  kubeScore?: string[];
  kubeLinter?: string[];
  hadolint?: string[];
  polaris?: string[];
  gitleaks?: string[];
  trufflehog?: string[];
  /** kube-bench check IDs of the CIS benchmark version the rule follows, e.g. `1.2.1` (`references.cis` names it). */
  kubeBench?: string[];
}

export interface RuleReferences {
  /** Pod Security Standards control name, e.g. "Privileged Containers". */
  pss?: string;
  /** CIS Kubernetes or Docker benchmark items, e.g. "CIS Kubernetes 5.2.2". */
  cis?: string[];
  /** NSA/CISA Kubernetes Hardening Guidance section. */
  nsa?: string;
  urls?: string[];
}

export interface RuleMeta {
  /**
   * Stable identifier, `<family>/<kebab-name>` with family `k8s`, `docker`, `image` or `secret` (RULE_ID_PATTERN).
   * Never renamed once released; a rule that had to be renamed lists its old IDs in `formerIds`.
   */
  id: string;
  /**
   * IDs this rule was released under before (oldest first), e.g. `secret:github-pat` for `secret/github-pat`.
   * Users' configs, ignore files, comments and annotations that name a former ID keep working, and the fingerprint is
   * computed from the first one, so baselines written before the rename still match.
   */
  formerIds?: string[];
  title: string;
  severity: Severity;
  target: RuleTarget;
  rationale: string;
  remediation: string;
  references: RuleReferences;
  aliases: RuleAliases;
  /** Machine-readable control IDs, e.g. `pss:baseline:privileged`. */
  controls?: string[];
  /** True when the rule can return a safe automatic fix. */
  fixable?: boolean;
  /** Findings are about secret material: renderers never quote the source line. */
  sensitive?: boolean;
  /** Rules that are off unless enabled in the config. */
  defaultEnabled?: boolean;
}

/** The rule ID grammar: `<family>/<kebab-name>`. */
export const RULE_ID_PATTERN = /^(k8s|docker|image|secret)\/[a-z0-9]+(-[a-z0-9]+)*$/;

export function flattenAliases(aliases: RuleAliases): string[] {
  return Object.values(aliases).flat();
}

/** Every other name a finding of this rule answers to: its former IDs, then peers' IDs. */
export function ruleAliasIds(meta: Pick<RuleMeta, 'aliases' | 'formerIds'>): string[] {
  return [...(meta.formerIds ?? []), ...flattenAliases(meta.aliases)];
}

/** The ID fingerprints are computed from: the first ID the rule was released under, so baselines survive a rename. */
export function fingerprintRuleId(meta: Pick<RuleMeta, 'id' | 'formerIds'>): string {
  return meta.formerIds?.[0] ?? meta.id;
}
