import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../core/finding.js';
import { buildPolicyReports, MAX_RESULTS_PER_REPORT, TRUNCATED_ANNOTATION, type AuditEntry } from './policy-report.js';

const NOW = new Date('2026-03-01T12:00:00.750Z');

function finding(ruleId: string, severity: Finding['severity'], extra: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    severity,
    title: `title of ${ruleId}`,
    message: `message of ${ruleId}`,
    location: { file: 'audit', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
    controls: [],
    aliases: [],
    remediation: 'do the right thing',
    fingerprint: `fp-${ruleId}`,
    ...extra,
  } as Finding;
}

const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'apps', uid: 'u-1' };
const clusterRole = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'admin-ish' };

describe('buildPolicyReports', () => {
  const entries: AuditEntry[] = [
    { object: deployment, finding: finding('k8s/pss-privileged', 'critical', { fieldPath: 'spec.template.spec.containers[0].securityContext.privileged' }), result: 'fail' },
    { object: deployment, finding: finding('k8s/liveness-probe-missing', 'low'), result: 'warn' },
    { object: deployment, finding: finding('k8s/pss-host-network', 'high', { suppressed: { kind: 'annotation', reason: 'CNI agent' } }), result: 'skip' },
    { object: clusterRole, finding: finding('k8s/rbac-wildcard', 'high'), result: 'fail' },
  ];

  it('writes one PolicyReport per namespace, empty ones included, and a ClusterPolicyReport, all owned by Rampart', () => {
    const reports = buildPolicyReports(entries, ['apps', 'quiet'], true, NOW);
    expect(reports.map((r) => `${r.kind} ${r.metadata.namespace ?? '-'} ${r.metadata.name}`)).toEqual(['ClusterPolicyReport - rampart', 'PolicyReport apps rampart', 'PolicyReport quiet rampart']);
    for (const report of reports) {
      expect(report.apiVersion).toBe('wgpolicyk8s.io/v1alpha2');
      expect(report.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'rampart' });
    }
    expect(reports[2]).toMatchObject({ summary: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 }, results: [] });
  });

  it('maps each finding to a result: rule ID as policy, severity, outcome, resource reference, whole-second timestamp', () => {
    const apps = buildPolicyReports(entries, ['apps'], true, NOW).find((r) => r.metadata.namespace === 'apps')!;
    expect(apps.summary).toEqual({ pass: 0, fail: 1, warn: 1, error: 0, skip: 1 });
    expect(apps.results[0]).toEqual({
      source: 'rampart',
      policy: 'k8s/pss-privileged',
      rule: 'title of k8s/pss-privileged',
      category: 'k8s',
      severity: 'critical',
      result: 'fail',
      scored: true,
      message: 'message of k8s/pss-privileged',
      resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'apps', uid: 'u-1' }],
      timestamp: { seconds: Math.floor(NOW.getTime() / 1000), nanos: 0 },
      properties: {
        fingerprint: 'fp-k8s/pss-privileged',
        remediation: 'do the right thing',
        fieldPath: 'spec.template.spec.containers[0].securityContext.privileged',
        waive: 'rampart.io/ignore: "k8s/pss-privileged: <reason>"',
      },
    });
    expect(apps.results[2]!.properties).toMatchObject({ suppressed: 'annotation: CNI agent' });
    expect(apps.results[2]!.properties).not.toHaveProperty('waive');
  });

  it('leaves the cluster report out when only some namespaces were audited', () => {
    const reports = buildPolicyReports(entries.slice(0, 3), ['apps'], false, NOW);
    expect(reports.map((r) => r.kind)).toEqual(['PolicyReport']);
  });

  it('keeps the summary exact and says how many results a very large report leaves out', () => {
    const many: AuditEntry[] = Array.from({ length: MAX_RESULTS_PER_REPORT + 7 }, () => entries[1]!);
    const [report] = buildPolicyReports(many, ['apps'], false, NOW);
    expect(report!.results).toHaveLength(MAX_RESULTS_PER_REPORT);
    expect(report!.summary.warn).toBe(MAX_RESULTS_PER_REPORT + 7);
    expect(report!.metadata.annotations).toEqual({ [TRUNCATED_ANNOTATION]: '7' });
  });
});
