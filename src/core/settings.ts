export type PssLevel = 'baseline' | 'restricted' | 'off';

/** A Pod Security Standards version as pod-security-admission numbers it: `v1.<minor>`. */
export interface PssVersion {
  major: 1;
  minor: number;
}

export interface RuleSettings {
  pss: { level: PssLevel; version: PssVersion };
  /** Registry host prefixes images must come from; empty means any. */
  allowedRegistries: string[];
  /** Namespace that objects without one will land in (from `--namespace`); suppresses default-namespace noise. */
  assumedNamespace?: string;
}

export function formatPssVersion(version: PssVersion): string {
  return `v${version.major}.${version.minor}`;
}
