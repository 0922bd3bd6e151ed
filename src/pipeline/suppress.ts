import type { Finding, ScanError, Suppression } from '../core/finding.js';
import { ignoreMatches, type IgnoreDirective } from '../core/ignore-directive.js';
import type { VulnerabilityFinding } from '../core/vulnerability.js';
import { entryMatches, isExpired, vulnerabilityEntryMatches, type SuppressionEntry } from '../config/suppression-entry.js';
import type { RuleHit } from '../core/rule-hit.js';

export interface SuppressionSources {
  /** Inline comments per display file. */
  directives: Map<string, IgnoreDirective[]>;
  exemptions: SuppressionEntry[];
  ignoreEntries: SuppressionEntry[];
  baseline?: Set<string>;
  /** `--strict`: comments and annotations in the scanned files do not count. */
  strict: boolean;
  now: Date;
}

/**
 * Decides for each finding whether, and why, it is suppressed. Order matters only for the reason
 * shown: inline comment, annotation, config exemption, ignore file, baseline.
 */
export function applySuppressions(
  pairs: Array<{ finding: Finding; hit: RuleHit }>,
  sources: SuppressionSources,
): { errors: ScanError[] } {
  const liveExemptions = sources.exemptions.filter((e) => !isExpired(e, sources.now));
  const liveIgnores = sources.ignoreEntries.filter((e) => !isExpired(e, sources.now));
  for (const { finding, hit } of pairs) {
    const suppression = findSuppression(finding, hit, sources, liveExemptions, liveIgnores);
    if (suppression) finding.suppressed = suppression;
  }
  return { errors: expiredWarnings([...sources.exemptions, ...sources.ignoreEntries], sources.now) };
}

/**
 * Vulnerabilities have no source line or object to carry comments or annotations; config exemptions, the ignore file
 * and the baseline apply, after VEX (which the matcher already applied and which wins, being the supplier's word).
 */
export function applyVulnerabilitySuppressions(vulnerabilities: readonly VulnerabilityFinding[], sources: Omit<SuppressionSources, 'directives' | 'strict'>): VulnerabilityFinding[] {
  const live = [...sources.exemptions, ...sources.ignoreEntries].filter((e) => !isExpired(e, sources.now));
  return vulnerabilities.map((vulnerability) => {
    if (vulnerability.suppressed) return vulnerability;
    const entry = live.find((e) => vulnerabilityEntryMatches(e, vulnerability));
    if (entry) {
      const kind = sources.exemptions.includes(entry) ? 'config' : 'ignore-file';
      return { ...vulnerability, suppressed: { kind, reason: entry.reason, ...(entry.expires ? { expires: entry.expires } : {}) } };
    }
    if (sources.baseline?.has(vulnerability.fingerprint)) return { ...vulnerability, suppressed: { kind: 'baseline', reason: 'present in baseline' } };
    return vulnerability;
  });
}

function findSuppression(
  finding: Finding,
  hit: RuleHit,
  sources: SuppressionSources,
  exemptions: SuppressionEntry[],
  ignores: SuppressionEntry[],
): Suppression | undefined {
  if (!sources.strict) {
    const line = finding.location.startLine;
    const directive = sources.directives
      .get(finding.location.file)
      ?.find((d) => line >= d.fromLine && line <= d.toLine && ignoreMatches(d, finding.ruleId, finding.aliases));
    const inline = directive ?? hit.renderedIgnores?.find((spec) => ignoreMatches(spec, finding.ruleId, finding.aliases));
    if (inline) return { kind: 'inline', reason: inline.reason || 'no reason given' };
    const annotation = hit.objectIgnores?.find((spec) => ignoreMatches(spec, finding.ruleId, finding.aliases));
    if (annotation) return { kind: 'annotation', reason: annotation.reason || 'no reason given' };
  }
  const exemption = exemptions.find((e) => entryMatches(e, finding));
  if (exemption) return { kind: 'config', reason: exemption.reason, ...(exemption.expires ? { expires: exemption.expires } : {}) };
  const ignore = ignores.find((e) => entryMatches(e, finding));
  if (ignore) return { kind: 'ignore-file', reason: ignore.reason, ...(ignore.expires ? { expires: ignore.expires } : {}) };
  if (sources.baseline?.has(finding.fingerprint)) return { kind: 'baseline', reason: 'present in baseline' };
  return undefined;
}

function expiredWarnings(entries: SuppressionEntry[], now: Date): ScanError[] {
  return entries
    .filter((e) => isExpired(e, now))
    .map((e) => ({
      file: e.source.file,
      ...(e.source.line ? { line: e.source.line } : {}),
      message: `suppression for ${e.rules.join(', ')} expired on ${e.expires}; the findings it covered are reported again (reason was: ${e.reason})`,
      level: 'warning' as const,
    }));
}
