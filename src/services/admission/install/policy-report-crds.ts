/**
 * The wgpolicyk8s.io PolicyReport and ClusterPolicyReport CRDs at v1alpha2, the version Kyverno, Trivy Operator,
 * Policy Reporter and kube-bench adapters read. The schema is structural and follows the upstream Go types
 * (kubernetes-sigs/wg-policy-prototypes, policy-report/apis/wgpolicyk8s.io/v1alpha2): a report holds a scope, a
 * summary of counts and results, each naming its policy (required), rule, result, severity, resources and a
 * timestamp; free-form text stays free-form. Descriptions are left out: `kubectl explain` is not worth the bytes.
 */

export const POLICY_REPORT_GROUP = 'wgpolicyk8s.io';
export const POLICY_REPORT_VERSION = 'v1alpha2';

type Schema = Record<string, unknown>;

const string: Schema = { type: 'string' };
const integer: Schema = { type: 'integer' };
const stringMap: Schema = { type: 'object', additionalProperties: string };

/** core/v1 ObjectReference. */
const objectReference: Schema = {
  type: 'object',
  properties: Object.fromEntries(['apiVersion', 'kind', 'name', 'namespace', 'uid', 'resourceVersion', 'fieldPath'].map((field) => [field, string])),
};

/** meta/v1 LabelSelector. */
const labelSelector: Schema = {
  type: 'object',
  properties: {
    matchLabels: stringMap,
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        properties: { key: string, operator: string, values: { type: 'array', items: string } },
      },
    },
  },
};

export const POLICY_RESULTS = ['pass', 'fail', 'warn', 'error', 'skip'] as const;
const POLICY_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

const result: Schema = {
  type: 'object',
  required: ['policy'],
  properties: {
    source: string,
    policy: string,
    rule: string,
    category: string,
    severity: { type: 'string', enum: [...POLICY_SEVERITIES] },
    // meta/v1 Timestamp: protobuf-style seconds and nanos, not an RFC 3339 string.
    timestamp: {
      type: 'object',
      required: ['seconds', 'nanos'],
      properties: { seconds: { type: 'integer', format: 'int64' }, nanos: { type: 'integer', format: 'int32', minimum: 0, maximum: 999_999_999 } },
    },
    result: { type: 'string', enum: [...POLICY_RESULTS] },
    scored: { type: 'boolean' },
    resources: { type: 'array', items: objectReference },
    resourceSelector: labelSelector,
    message: string,
    properties: stringMap,
  },
};

const reportSchema: Schema = {
  type: 'object',
  properties: {
    apiVersion: string,
    kind: string,
    metadata: { type: 'object' },
    scope: objectReference,
    scopeSelector: labelSelector,
    summary: { type: 'object', properties: Object.fromEntries(POLICY_RESULTS.map((name) => [name, integer])) },
    results: { type: 'array', items: result },
  },
};

const printerColumns = [
  { name: 'Kind', type: 'string', jsonPath: '.scope.kind', priority: 1 },
  { name: 'Name', type: 'string', jsonPath: '.scope.name', priority: 1 },
  ...POLICY_RESULTS.map((name) => ({ name: name[0]!.toUpperCase() + name.slice(1), type: 'integer', jsonPath: `.summary.${name}` })),
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];

function crd(kind: 'PolicyReport' | 'ClusterPolicyReport', labels: Record<string, string>): Record<string, unknown> {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${POLICY_REPORT_GROUP}`, labels },
    spec: {
      group: POLICY_REPORT_GROUP,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase(), shortNames: [kind === 'PolicyReport' ? 'polr' : 'cpolr'] },
      scope: kind === 'PolicyReport' ? 'Namespaced' : 'Cluster',
      versions: [{ name: POLICY_REPORT_VERSION, served: true, storage: true, schema: { openAPIV3Schema: reportSchema }, additionalPrinterColumns: printerColumns }],
    },
  };
}

export function policyReportCrds(labels: Record<string, string>): Array<Record<string, unknown>> {
  return [crd('PolicyReport', labels), crd('ClusterPolicyReport', labels)];
}
