import { describe, expect, it } from 'vitest';
import { defaultAdmissionConfig } from '../../config/admission.js';
import { LATEST_PSS_VERSION } from '../../core/settings.js';
import { createEvaluator } from '../../pipeline/evaluate.js';
import { createDecider } from './decide.js';
import type { ImageTrust } from './image-trust/index.js';
import { staticNamespaceLabels, type NamespaceLabelSource } from './namespaces.js';
import { parseAdmissionReview } from './review.js';
import { warmUpObjects, warmUpReviews } from './warm-up.js';

const settings = { pss: { level: 'restricted' as const, version: LATEST_PSS_VERSION }, allowedRegistries: [] };

describe('warm-up reviews', () => {
  it('reach the rules: the careless workloads draw many findings, the careful ones few', () => {
    const evaluate = createEvaluator({ settings });
    const findings = (name: string, kind: string) => {
      const object = warmUpObjects().find((o) => o.kind === kind && (o.metadata as { name: string }).name === name)!;
      return evaluate(object, { operation: 'CREATE', namespace: 'rampart-warm-up' }).findings.map((f) => f.ruleId);
    };
    for (const kind of ['Deployment', 'Pod', 'CronJob']) {
      const careless = findings('careless', kind);
      expect(careless).toEqual(expect.arrayContaining(['k8s/pss-privileged', 'k8s/pss-host-namespaces', 'k8s/pss-host-path-volumes']));
      expect(careless.length).toBeGreaterThan(findings('careful', kind).length + 10);
    }
    expect([...new Set(warmUpObjects().map((o) => o.kind))]).toEqual(expect.arrayContaining(['Service', 'Ingress', 'Role', 'ClusterRoleBinding']));
  });

  it('are reviews the API server could send, one per object, each with its own uid', () => {
    const reviews = warmUpReviews();
    expect(reviews).toHaveLength(warmUpObjects().length);
    for (const review of reviews) expect(parseAdmissionReview({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: review })).toEqual(review);
    expect(new Set(reviews.map((r) => r.uid)).size).toBe(reviews.length);
    expect(reviews.find((r) => r.kind.kind === 'Deployment')).toMatchObject({ kind: { group: 'apps', version: 'v1' }, resource: { resource: 'deployments' }, operation: 'CREATE' });
  });
});

describe('a sandboxed decider', () => {
  it('decides with the same rules but asks neither the cluster nor a registry', async () => {
    const asked: string[] = [];
    const namespaces: NamespaceLabelSource = { ...staticNamespaceLabels({}), labels: async (namespace) => (asked.push(`namespace ${namespace}`), undefined) };
    const imageTrust = { active: true, check: async () => (asked.push('registry'), { verdicts: [], patch: [] }) } as unknown as ImageTrust;
    const decider = createDecider({ config: defaultAdmissionConfig(), evaluator: { settings }, namespaces, imageTrust, ownNamespace: 'rampart-system' });
    const careless = warmUpReviews().find((r) => r.kind.kind === 'Pod' && r.name === 'careless')!;
    const sandboxed = await decider.sandboxed().validate(careless);
    expect(asked).toEqual([]);
    expect(sandboxed.response.allowed).toBe(false);
    expect(sandboxed.verdicts).toContainEqual(expect.objectContaining({ ruleId: 'k8s/pss-privileged', action: 'deny' }));
    await decider.validate(careless);
    expect(asked).toEqual(expect.arrayContaining(['namespace rampart-warm-up', 'registry']));
  });
});
