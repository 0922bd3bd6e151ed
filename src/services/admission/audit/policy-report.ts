import type { Finding } from '../../../core/finding.js';
import { IGNORE_ANNOTATION } from '../../../pipeline/annotations.js';
import { MANAGED_BY_LABEL, MANAGER } from '../install/manifests.js';
import { POLICY_REPORT_GROUP, POLICY_REPORT_VERSION, POLICY_RESULTS } from '../install/policy-report-crds.js';

export type PolicyResult = (typeof POLICY_RESULTS)[number];

/** What the audit knows of one object it judged. */
export interface AuditedObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
}

/** What a report says of a finding; a whole cluster's findings are held until the reports are written, so no more. */
export type AuditFinding = Pick<Finding, 'ruleId' | 'severity' | 'title' | 'message' | 'fieldPath' | 'remediation' | 'fingerprint' | 'suppressed'>;

export function auditFinding(finding: Finding): AuditFinding {
  const { ruleId, severity, title, message, fieldPath, remediation, fingerprint, suppressed } = finding;
  return { ruleId, severity, title, message, remediation, fingerprint, ...(fieldPath ? { fieldPath } : {}), ...(suppressed ? { suppressed } : {}) };
}

/** One finding on one object, with the outcome admission would have given it. */
export interface AuditEntry {
  object: AuditedObject;
  finding: AuditFinding;
  /** `fail`: admission would deny it (enforce threshold); `warn`: it would warn or annotate; `skip`: suppressed. */
  result: Extract<PolicyResult, 'fail' | 'warn' | 'skip'>;
}

export interface PolicyReportObject {
  apiVersion: string;
  kind: 'PolicyReport' | 'ClusterPolicyReport';
  metadata: { name: string; namespace?: string; labels: Record<string, string>; annotations?: Record<string, string> };
  summary: Record<PolicyResult, number>;
  results: Array<Record<string, unknown>>;
}

/** Every report Rampart writes has this name: one per namespace, one for the cluster-scoped objects. */
export const REPORT_NAME = 'rampart';
const REPORT_SOURCE = 'rampart';
/** etcd refuses objects over 1.5 MB; a result is a few hundred bytes, so the summary stays exact and the list is cut. */
export const MAX_RESULTS_PER_REPORT = 1_000;
export const TRUNCATED_ANNOTATION = 'rampart.io/results-left-out';

/**
 * PolicyReports for every namespace in `namespaces` (empty ones too, so an earlier report's results go away) and a
 * ClusterPolicyReport for cluster-scoped objects, each result naming the rule ID as its policy, as `rampart scan` does.
 */
export function buildPolicyReports(entries: readonly AuditEntry[], namespaces: Iterable<string>, includeCluster: boolean, now: Date): PolicyReportObject[] {
  const byScope = new Map<string, AuditEntry[]>();
  for (const namespace of namespaces) byScope.set(namespace, []);
  if (includeCluster) byScope.set('', []);
  for (const entry of entries) {
    const scope = entry.object.namespace ?? '';
    const list = byScope.get(scope);
    if (list) list.push(entry);
    else byScope.set(scope, [entry]);
  }
  const timestamp = { seconds: Math.floor(now.getTime() / 1000), nanos: 0 };
  return [...byScope.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([namespace, scoped]) => {
      const summary = Object.fromEntries(POLICY_RESULTS.map((result) => [result, 0])) as Record<PolicyResult, number>;
      for (const entry of scoped) summary[entry.result]++;
      const kept = scoped.slice(0, MAX_RESULTS_PER_REPORT);
      const leftOut = scoped.length - kept.length;
      return {
        apiVersion: `${POLICY_REPORT_GROUP}/${POLICY_REPORT_VERSION}`,
        kind: namespace ? 'PolicyReport' : 'ClusterPolicyReport',
        metadata: {
          name: REPORT_NAME,
          ...(namespace ? { namespace } : {}),
          labels: { [MANAGED_BY_LABEL]: MANAGER },
          ...(leftOut > 0 ? { annotations: { [TRUNCATED_ANNOTATION]: String(leftOut) } } : {}),
        },
        summary,
        results: kept.map((entry) => result(entry, timestamp)),
      };
    });
}

function result(entry: AuditEntry, timestamp: { seconds: number; nanos: number }): Record<string, unknown> {
  const { finding, object } = entry;
  const properties: Record<string, string> = { fingerprint: finding.fingerprint, remediation: finding.remediation };
  if (finding.fieldPath) properties.fieldPath = finding.fieldPath;
  if (finding.suppressed) properties.suppressed = `${finding.suppressed.kind}: ${finding.suppressed.reason}`;
  else properties.waive = `${IGNORE_ANNOTATION}: "${finding.ruleId}: <reason>"`;
  return {
    source: REPORT_SOURCE,
    policy: finding.ruleId,
    rule: finding.title,
    category: finding.ruleId.split('/')[0],
    severity: finding.severity,
    result: entry.result,
    scored: true,
    message: finding.message,
    resources: [
      {
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: object.name,
        ...(object.namespace ? { namespace: object.namespace } : {}),
        ...(object.uid ? { uid: object.uid } : {}),
      },
    ],
    timestamp,
    properties,
  };
}
