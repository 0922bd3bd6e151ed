import { describe, expect, it } from 'vitest';
import { LATEST_PSS_VERSION } from '../../core/settings.js';
import { createEvaluator, type Evaluate } from '../../pipeline/evaluate.js';
import { defaultAdmissionConfig } from '../../config/admission.js';
import { createDecider } from './decide.js';
import { staticNamespaceLabels } from './namespaces.js';
import { request } from './testing/reviews.js';
import { warmUp, warmUpObjects } from './warm-up.js';

const settings = { pss: { level: 'restricted' as const, version: LATEST_PSS_VERSION }, allowedRegistries: [] };

describe('warm-up', () => {
  it('reaches the rules: the careless workloads draw many findings, the careful ones few', () => {
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
    const kinds = new Set(warmUpObjects().map((o) => o.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['Service', 'Ingress', 'Role', 'ClusterRoleBinding']));
  });

  it('runs every evaluator over every object for each round, on new objects each time', () => {
    const seen: Array<{ evaluator: number; object: Record<string, unknown> }> = [];
    const recording = (evaluator: number): Evaluate => (object) => {
      seen.push({ evaluator, object });
      return { findings: [], patch: [], errors: [], pss: settings.pss };
    };
    const ms = warmUp([recording(1), recording(2)], 3);
    const perRound = warmUpObjects().length;
    expect(seen).toHaveLength(3 * 2 * perRound);
    expect(seen.filter((s) => s.evaluator === 2)).toHaveLength(3 * perRound);
    expect(new Set(seen.map((s) => s.object)).size).toBe(seen.length);
    expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('leaves a decider deciding as before, with nothing recorded by the warm-up', async () => {
    const decider = createDecider({ config: defaultAdmissionConfig(), evaluator: { settings }, namespaces: staticNamespaceLabels({}), ownNamespace: 'rampart-system' });
    const careless = warmUpObjects().find((o) => o.kind === 'Pod' && (o.metadata as { name: string }).name === 'careless')!;
    const review = request({ ...careless, metadata: { name: 'web', namespace: 'shop' } });
    const before = await decider.validate(review);
    decider.warmUp(2);
    const after = await decider.validate(review);
    expect(after).toEqual(before);
    expect(after.response.allowed).toBe(false);
  });
});
