import type { RuleHit } from '../../../core/rule-hit.js';
import { severityRank, type Severity } from '../../../core/severity.js';

/**
 * Rules that report a literal value found in a manifest or Dockerfile: the value a `secret/*` detector
 * may recognise too, on the same lines. Not rules about a value's form (invalid base64) or references to it.
 */
const VALUE_RULES: ReadonlySet<string> = new Set([
  'k8s/secret-in-manifest',
  'k8s/secret-config-in-manifest',
  'k8s/configmap-credentials',
  'k8s/env-plain-secret',
  'docker/secret-in-env-arg',
]);

/**
 * One committed value, one finding: when secret detectors matched inside the lines a value rule points
 * at (a Secret's `data.password`, a ConfigMap's config file, an env value), only one side is kept. The
 * higher severity wins, so folding never lowers what the gate sees (the generic detector is medium
 * where `k8s/secret-in-manifest` is high); on a tie the detectors win, as they name the credential.
 * Matched per finding by file and line range, never by turning a rule off: a value rule still reports
 * every value no detector knows, and a detector every secret outside such values.
 */
export function withoutDuplicateSecretReports(hits: readonly RuleHit[], severityOf: (ruleId: string) => Severity): RuleHit[] {
  const detectorHits = new Map<string, RuleHit[]>();
  for (const hit of hits) {
    if (hit.meta.target !== 'secret') continue;
    const list = detectorHits.get(hit.location.file);
    if (list) list.push(hit);
    else detectorHits.set(hit.location.file, [hit]);
  }
  if (detectorHits.size === 0) return [...hits];
  const dropped = new Set<RuleHit>();
  for (const hit of hits) {
    if (!VALUE_RULES.has(hit.meta.id)) continue;
    const { file, startLine, endLine } = hit.location;
    const inside = (detectorHits.get(file) ?? []).filter((d) => d.location.startLine >= startLine && d.location.startLine <= endLine);
    if (inside.length === 0) continue;
    const detectorRank = Math.max(...inside.map((d) => severityRank(severityOf(d.meta.id))));
    if (detectorRank >= severityRank(severityOf(hit.meta.id))) dropped.add(hit);
    else for (const d of inside) dropped.add(d);
  }
  return hits.filter((hit) => !dropped.has(hit));
}
