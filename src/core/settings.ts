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

/** `latest`: newer than any release, so every check's newest implementation applies. */
export const LATEST_PSS_VERSION: PssVersion = { major: 1, minor: 99 };

/** `latest` or `v1.<minor>` (the `v` optional), as pod-security-admission's version labels; undefined when malformed. */
export function parsePssVersion(text: string): PssVersion | undefined {
  if (text === 'latest') return LATEST_PSS_VERSION;
  const match = /^v?1\.(\d{1,3})$/.exec(text);
  return match ? { major: 1, minor: Number(match[1]) } : undefined;
}

export function formatPssVersion(version: PssVersion): string {
  return `v${version.major}.${version.minor}`;
}
