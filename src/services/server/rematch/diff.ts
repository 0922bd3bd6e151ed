import type { Severity } from '../../../core/severity.js';
import type { VulnerabilityFinding } from '../../../core/vulnerability.js';

/** What a match recorded about one vulnerability of one package version: enough to tell later what changed. */
export interface RecordedMatch {
  /** The finding's id (the CVE when any advisory names one). */
  id: string;
  ecosystem: string;
  name: string;
  version: string;
  severity: Severity;
  fixedVersions: readonly string[];
}

/** What changed for one image between the recorded match and this one. */
export interface MatchDiff {
  /** Vulnerabilities the previous match did not report. */
  added: VulnerabilityFinding[];
  /** Recorded vulnerabilities no advisory reports any more (withdrawn, or ranges corrected). */
  gone: RecordedMatch[];
  /** Still present, but a fix is published now where none was. */
  fixAvailable: VulnerabilityFinding[];
  /** Still present with another severity level. */
  severityChanged: Array<{ finding: VulnerabilityFinding; previous: Severity }>;
}

/** The record a store keeps of a finding, for the next diff. */
export function recordedMatch(finding: VulnerabilityFinding): RecordedMatch {
  const { ecosystem, name, version } = finding.package;
  return { id: finding.id, ecosystem, name, version, severity: finding.severity.level, fixedVersions: [...finding.fixedVersions] };
}

export function isEmptyDiff(diff: MatchDiff): boolean {
  return diff.added.length === 0 && diff.gone.length === 0 && diff.fixAvailable.length === 0 && diff.severityChanged.length === 0;
}

/**
 * Compares one image's findings with what was recorded. A vulnerability is the same when its package version is and
 * its id is, or the recorded id is now one of its aliases: a GHSA that gained a CVE is renamed, not new and fixed.
 */
export function diffMatches(previous: readonly RecordedMatch[], current: readonly VulnerabilityFinding[]): MatchDiff {
  // By id first: ids are few per image and shared strings, cheaper to look up than a key built per finding.
  const byId = new Map<string, VulnerabilityFinding[]>();
  const index = (id: string, finding: VulnerabilityFinding): void => {
    const list = byId.get(id);
    if (list) list.push(finding);
    else byId.set(id, [finding]);
  };
  for (const finding of current) {
    index(finding.id, finding);
    for (const alias of finding.aliases) index(alias, finding);
  }
  const diff: MatchDiff = { added: [], gone: [], fixAvailable: [], severityChanged: [] };
  const seen = new Set<VulnerabilityFinding>();
  for (const record of previous) {
    const candidates = byId.get(record.id);
    const samePackage = (f: VulnerabilityFinding): boolean =>
      f.package.version === record.version && f.package.name === record.name && f.package.ecosystem === record.ecosystem;
    const finding = candidates?.find((f) => f.id === record.id && samePackage(f)) ?? candidates?.find(samePackage);
    if (!finding) {
      diff.gone.push(record);
      continue;
    }
    if (seen.has(finding)) continue;
    seen.add(finding);
    if (record.fixedVersions.length === 0 && finding.fixedVersions.length > 0) diff.fixAvailable.push(finding);
    if (record.severity !== finding.severity.level) diff.severityChanged.push({ finding, previous: record.severity });
  }
  for (const finding of current) if (!seen.has(finding)) diff.added.push(finding);
  return diff;
}
