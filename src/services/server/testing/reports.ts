import type { JsonReport } from '../../../formats/json.js';
import type { Severity } from '../../../core/severity.js';

const SEVERITY_CYCLE: Severity[] = ['low', 'medium', 'high', 'critical', 'info'];

export interface SyntheticReport {
  /** Fingerprint suffixes of the findings: the same suffix in two reports is the same finding. */
  findings?: string[];
  /** IDs of vulnerabilities, each in its own package. */
  vulnerabilities?: string[];
  image?: { name: string; digest: string };
}

/** A report as `rampart scan --format json` writes it, with findings and vulnerabilities named by the caller. */
export function syntheticReport(spec: SyntheticReport): JsonReport {
  const findings = (spec.findings ?? []).map((key, index) => ({
    ruleId: `k8s/rule-${index % 7}`,
    severity: SEVERITY_CYCLE[index % SEVERITY_CYCLE.length]!,
    title: 'A test rule',
    message: `finding ${key}`,
    location: { file: `deploy/app-${index % 50}.yaml`, startLine: 1 + (index % 300), startColumn: 3, endLine: 1 + (index % 300), endColumn: 9 },
    fieldPath: 'spec.template.spec.containers[0].securityContext',
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: `web-${index % 20}` },
    controls: [],
    aliases: [],
    remediation: 'Fix it.',
    fingerprint: `fp-${key}`,
  }));
  const vulnerabilities = (spec.vulnerabilities ?? []).map((id, index) => ({
    id,
    aliases: [`GHSA-${index}`],
    advisories: [id],
    summary: `issue ${id}`,
    package: { name: `pkg-${id}`, version: '1.0.0', ecosystem: 'npm', purl: `pkg:npm/pkg-${id}@1.0.0` },
    locations: [{ file: 'package-lock.json' }],
    severity: { level: SEVERITY_CYCLE[index % SEVERITY_CYCLE.length]!, source: 'CVSS_V3' },
    fixedVersions: ['1.0.1'],
    fingerprint: `vfp-${id}`,
  }));
  const bySeverity = { unknown: 0, info: 0, low: 0, medium: 0, high: 0, critical: 0 };
  for (const finding of findings) bySeverity[finding.severity]++;
  return {
    schemaVersion: '1.2.0',
    tool: { name: 'rampart', version: '0.1.0' },
    ...(spec.image ? { target: { type: 'image' as const, name: spec.image.name, digest: spec.image.digest } } : {}),
    findings,
    vulnerabilities,
    errors: [],
    summary: {
      bySeverity,
      files: 1,
      resources: 1,
      suppressed: 0,
      durationMs: 1,
      packages: vulnerabilities.length,
      vulnerabilities: { bySeverity: { unknown: 0, info: 0, low: 0, medium: 0, high: 0, critical: 0 }, suppressed: 0 },
    },
  };
}

export const DIGEST_A = `sha256:${'a'.repeat(64)}`;
export const DIGEST_B = `sha256:${'b'.repeat(64)}`;
