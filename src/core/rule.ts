import type { Severity } from './severity.js';

export type RuleTarget = 'kubernetes' | 'dockerfile' | 'image' | 'secret';

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
  /** Stable identifier, `<target>/<kebab-name>`; never renamed once released. */
  id: string;
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

export function flattenAliases(aliases: RuleAliases): string[] {
  return Object.values(aliases).flat();
}
