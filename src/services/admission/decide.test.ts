import { describe, expect, it } from 'vitest';
import { defaultAdmissionConfig, type AdmissionConfig } from '../../config/admission.js';
import { LATEST_PSS_VERSION } from '../../core/settings.js';
import { applyPatch } from './apply-patch.js';
import { createDecider, type DeciderOptions } from './decide.js';
import type { ImageTrust, ImageTrustResult } from './image-trust/index.js';
import { staticNamespaceLabels, type NamespaceLabelSource } from './namespaces.js';
import { pod, request, RESTRICTED_CONTEXT } from './testing/reviews.js';

const settings = { pss: { level: 'restricted' as const, version: LATEST_PSS_VERSION }, allowedRegistries: [] };
const namespaces = staticNamespaceLabels({
  shop: { 'kubernetes.io/metadata.name': 'shop' },
  lenient: { 'rampart.io/enforce': 'off', 'rampart.io/warn': 'high' },
  quiet: { 'rampart.io/enforce': 'off', 'rampart.io/warn': 'off', 'rampart.io/audit': 'off' },
  legacy: { 'pod-security.kubernetes.io/enforce': 'privileged' },
});

function decider(config: Partial<AdmissionConfig> = {}, options: Partial<DeciderOptions> = {}) {
  return createDecider({ config: { ...defaultAdmissionConfig(), ...config }, evaluator: { settings }, namespaces, ownNamespace: 'rampart-system', ...options });
}

const privileged = () => pod('web', 'shop', { ...RESTRICTED_CONTEXT, privileged: true });
const compliant = () => pod('web', 'shop', RESTRICTED_CONTEXT);

describe('validate', () => {
  it('denies a privileged pod with the rule ID, its message and the waiver hint', async () => {
    const decision = await decider().validate(request(privileged()));
    expect(decision.response.allowed).toBe(false);
    expect(decision.response.status).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect(decision.response.status?.message).toMatch(/^Rampart denied this object: k8s\/pss-privileged \(critical\): container "app" runs privileged/);
    expect(decision.response.status?.message).toContain('rampart.io/ignore: "k8s/pss-privileged: <reason>"');
    expect(decision.response.auditAnnotations?.['denied-rules']).toBe('k8s/pss-privileged');
    expect(decision.verdicts).toContainEqual({ ruleId: 'k8s/pss-privileged', action: 'deny' });
  });

  it('admits a compliant pod and returns lower findings as warnings and audit annotations', async () => {
    const decision = await decider().validate(request(compliant()));
    expect(decision.response.allowed).toBe(true);
    expect(decision.response.status).toBeUndefined();
    expect(decision.response.warnings).toContain('k8s/memory-limit-missing (medium): container "app" has no memory limit');
    expect(decision.response.auditAnnotations?.['warned-rules']).toContain('k8s/memory-limit-missing');
    expect(decision.response.auditAnnotations?.['audit-rules']).toContain('k8s/memory-limit-missing');
    expect(decision.verdicts).toContainEqual({ ruleId: 'k8s/memory-limit-missing', action: 'warn' });
  });

  it('follows the namespace\'s rampart.io labels', async () => {
    const lenient = await decider().validate(request(pod('web', 'lenient', { privileged: true })));
    expect(lenient.response.allowed).toBe(true);
    expect(lenient.response.warnings).toContainEqual(expect.stringMatching(/^k8s\/pss-privileged \(critical\)/));
    expect(lenient.response.warnings?.some((w) => w.includes('(medium)'))).toBe(false);
    const quiet = await decider().validate(request(pod('web', 'quiet', { privileged: true })));
    expect(quiet).toMatchObject({ response: { allowed: true }, skipped: 'every mode is off in this namespace' });
  });

  it('passes the namespace\'s pod-security labels to the rules', async () => {
    const decision = await decider().validate(request(pod('web', 'legacy', { privileged: true })));
    expect(decision.verdicts.map((v) => v.ruleId)).not.toContain('k8s/pss-privileged');
  });

  it('uses the configured defaults for namespaces without labels and cluster-scoped objects', async () => {
    const strict = await decider({ defaults: { enforce: 'medium', warn: 'low', audit: 'off' } }).validate(request(compliant()));
    expect(strict.response.allowed).toBe(false);
    expect(strict.response.status?.message).toContain('k8s/memory-limit-missing (medium)');
    const unknownNamespace = await decider({ defaults: { enforce: 'medium', warn: 'off', audit: 'off' } }).validate(request(pod('web', 'not-in-cache', RESTRICTED_CONTEXT)));
    expect(unknownNamespace.response.allowed).toBe(false);
  });

  it('evaluates dry-run requests like any other', async () => {
    const decision = await decider().validate(request(privileged(), { dryRun: true }));
    expect(decision.response.allowed).toBe(false);
  });

  it('lets DELETE, CONNECT, status updates and unknown kinds through unjudged', async () => {
    const d = decider();
    expect(await d.validate(request(undefined, { operation: 'DELETE', namespace: 'shop', oldObject: privileged() }))).toMatchObject({ response: { allowed: true }, skipped: 'DELETE is not judged' });
    expect(await d.validate(request({ kind: 'PodExecOptions', apiVersion: 'v1', command: ['sh'] }, { operation: 'CONNECT', namespace: 'shop', subResource: 'exec' }))).toMatchObject({ response: { allowed: true }, skipped: 'CONNECT is not judged' });
    expect(await d.validate(request(privileged(), { operation: 'UPDATE', oldObject: privileged(), subResource: 'status' }))).toMatchObject({ response: { allowed: true }, skipped: 'subresource status is not judged' });
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'shop' }, spec: { privileged: true } };
    expect(await d.validate(request(widget))).toMatchObject({ response: { allowed: true }, skipped: 'kind Widget is not one Rampart has rules for' });
  });

  it('judges custom resources that hold a pod template', async () => {
    const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r', namespace: 'shop' }, spec: { template: { spec: { containers: [{ name: 'app', image: 'a:1', securityContext: { privileged: true } }] } } } };
    const decision = await decider().validate(request(rollout, { kind: { group: 'argoproj.io', version: 'v1alpha1', kind: 'Rollout' } }));
    expect(decision.response.allowed).toBe(false);
    expect(decision.response.status?.message).toContain('k8s/pss-privileged');
  });

  it('lets exempt requests through with an audit annotation saying why', async () => {
    const decision = await decider({ exemptions: { ...defaultAdmissionConfig().exemptions, usernames: ['alice'] } }).validate(request(privileged()));
    expect(decision.response).toEqual({ uid: expect.any(String), allowed: true, auditAnnotations: { exempt: 'user alice is exempt' } });
    const own = await decider().validate(request(pod('webhook', 'rampart-system', { privileged: true })));
    expect(own.response.allowed).toBe(true);
  });

  it('reports an annotation waiver as a suppression, not a denial', async () => {
    const object = privileged();
    (object.metadata as Record<string, unknown>).annotations = { 'rampart.io/ignore': 'k8s/pss-privileged: the CNI agent needs it' };
    const decision = await decider().validate(request(object));
    expect(decision.verdicts.map((v) => v.ruleId)).not.toContain('k8s/pss-privileged');
  });
});

describe('validate on UPDATE', () => {
  const relabelled = () => {
    const object = privileged();
    (object.metadata as { labels: Record<string, string> }).labels.release = 'two';
    return object;
  };

  it('does not block an unrelated change to an object that already violated a rule', async () => {
    const decision = await decider().validate(request(relabelled(), { operation: 'UPDATE', oldObject: privileged() }));
    expect(decision.response.allowed).toBe(true);
    expect(decision.verdicts.map((v) => v.ruleId)).not.toContain('k8s/pss-privileged');
  });

  it('denies what the update introduced', async () => {
    const decision = await decider().validate(request(privileged(), { operation: 'UPDATE', oldObject: compliant() }));
    expect(decision.response.allowed).toBe(false);
    expect(decision.response.status?.message).toContain('k8s/pss-privileged');
  });

  it('judges every finding with enforceExisting', async () => {
    const decision = await decider({ enforceExisting: true }).validate(request(relabelled(), { operation: 'UPDATE', oldObject: privileged() }));
    expect(decision.response.allowed).toBe(false);
  });
});

/** Image trust that answers after `delayMs`, or rejects when the decision's signal aborts first. */
function slowTrust(result: ImageTrustResult, delayMs: number, seen: { aborted?: boolean } = {}): ImageTrust {
  return {
    active: true,
    check: (_object, signal) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve(result), delayMs);
        signal?.addEventListener('abort', () => {
          seen.aborted = true;
          clearTimeout(timer);
          reject(signal.reason as Error);
        });
      }),
  };
}

const unsigned: ImageTrustResult = {
  verdicts: [{ ruleId: 'image/signature-missing', severity: 'high', image: 'registry.example.com/shop/app:1.0', container: 'app', containerPath: ['spec', 'containers', 0], message: 'image "registry.example.com/shop/app:1.0" has no cosign signature', action: 'deny' }],
  patch: [],
};

describe('image trust in validate', () => {
  it('denies on a deny verdict and warns on a warn verdict', async () => {
    const denied = await decider({}, { imageTrust: slowTrust(unsigned, 0) }).validate(request(compliant()));
    expect(denied.response.allowed).toBe(false);
    expect(denied.response.status?.message).toContain('image/signature-missing (high): image "registry.example.com/shop/app:1.0" has no cosign signature');
    const warned = await decider({}, { imageTrust: slowTrust({ ...unsigned, verdicts: [{ ...unsigned.verdicts[0]!, action: 'warn' }] }, 0) }).validate(request(compliant()));
    expect(warned.response.allowed).toBe(true);
    expect(warned.response.warnings).toContain('image/signature-missing (high): image "registry.example.com/shop/app:1.0" has no cosign signature');
  });

  it('does not hold an unchanged image against an UPDATE', async () => {
    const decision = await decider({}, { imageTrust: slowTrust(unsigned, 0) }).validate(request(compliant(), { operation: 'UPDATE', oldObject: compliant() }));
    expect(decision.response.allowed).toBe(true);
  });
});

describe('time budget and failure policy', () => {
  it('denies with a clear message when the budget runs out under Fail, and cancels the registry calls', async () => {
    const seen: { aborted?: boolean } = {};
    const decision = await decider({ timeoutMs: 50, failurePolicy: 'Fail' }, { imageTrust: slowTrust(unsigned, 5_000, seen) }).validate(request(compliant()));
    expect(decision.response).toMatchObject({ allowed: false, status: { code: 504, reason: 'Timeout', message: 'Rampart could not decide within its 50 ms budget; denied by failurePolicy Fail' } });
    expect(decision.response.auditAnnotations).toEqual({ failure: 'timeout' });
    expect(decision.failure?.kind).toBe('timeout');
    expect(seen.aborted).toBe(true);
  });

  it('hands a namespace read that asks for its cancellation after the budget ran out a signal already aborted', async () => {
    let late: AbortSignal | undefined;
    const slow: NamespaceLabelSource = {
      labels: async (_namespace, cancellation) => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        late = cancellation.signal;
        return {};
      },
      synced: () => true,
      close: async () => undefined,
    };
    const decision = await decider({ timeoutMs: 50, failurePolicy: 'Fail' }, { namespaces: slow }).validate(request(compliant()));
    expect(decision.failure?.kind).toBe('timeout');
    await expect.poll(() => late?.aborted, { timeout: 2_000 }).toBe(true);
    expect(String(late?.reason)).toContain('50 ms decision budget ran out');
  });

  it('admits with a warning under Ignore', async () => {
    const decision = await decider({ timeoutMs: 50, failurePolicy: 'Ignore' }, { imageTrust: slowTrust(unsigned, 5_000) }).validate(request(compliant()));
    expect(decision.response).toMatchObject({ allowed: true, warnings: ['Rampart could not decide within its 50 ms budget; allowed by failurePolicy Ignore'] });
  });

  it('answers evaluation errors by the failure policy too', async () => {
    const broken: NamespaceLabelSource = { labels: async () => Promise.reject(new Error('cannot reach the API server')), synced: () => true, close: async () => undefined };
    const failClosed = await decider({}, { namespaces: broken }).validate(request(compliant()));
    expect(failClosed.response).toMatchObject({ allowed: false, status: { code: 500, message: 'Rampart could not evaluate the object: cannot reach the API server; denied by failurePolicy Fail' } });
    const failOpen = await decider({ failurePolicy: 'Ignore' }, { namespaces: broken }).validate(request(compliant()));
    expect(failOpen.response.allowed).toBe(true);
    expect(failOpen.failure).toEqual({ kind: 'error', message: 'Rampart could not evaluate the object: cannot reach the API server' });
  });
});

describe('mutate', () => {
  it('applies configured mutations, digest pins and opted-in rule fixes as one sequential patch', async () => {
    const mutations = { ...defaultAdmissionConfig().mutations, labels: { 'team.example.com/owner': 'shop' } };
    const pin: ImageTrustResult = { verdicts: [], patch: [{ op: 'replace', path: '/spec/containers/0/image', value: `registry.example.com/shop/app:1.0@sha256:${'a'.repeat(64)}` }] };
    const config = { fixes: ['k8s/pss-privileged'], mutations, imageTrust: { ...defaultAdmissionConfig().imageTrust, pinDigests: true } };
    const object = privileged();
    const decision = await decider(config, { imageTrust: slowTrust(pin, 0) }).mutate(request(object));
    expect(decision.response.allowed).toBe(true);
    const patch = decision.response.patch!;
    expect(patch.map((op) => op.path)).toEqual(['/metadata/labels/team.example.com~1owner', '/spec/containers/0/image', '/spec/containers/0/securityContext/privileged']);
    const mutated = applyPatch(object, patch) as { metadata: { labels: Record<string, string> }; spec: { containers: Array<{ image: string; securityContext: { privileged: boolean } }> } };
    expect(mutated.metadata.labels['team.example.com/owner']).toBe('shop');
    expect(mutated.spec.containers[0]!.image).toMatch(/@sha256:a{64}$/);
    expect(mutated.spec.containers[0]!.securityContext.privileged).toBe(false);
    // The fixed object passes validation: mutation runs before validation, as in the API server.
    expect((await decider().validate(request(mutated))).response.allowed).toBe(true);
  });

  it('applies only the fixes of the rules listed', async () => {
    const decision = await decider({ fixes: ['k8s/pss-allow-privilege-escalation'] }).mutate(request(pod('web', 'shop', { runAsNonRoot: true })));
    expect(decision.response.patch).toEqual([{ op: 'add', path: '/spec/containers/0/securityContext/allowPrivilegeEscalation', value: false }]);
  });

  it('changes nothing without configured mutations or fixes, in exempt namespaces, and on pod updates', async () => {
    expect((await decider().mutate(request(privileged()))).response.patch).toBeUndefined();
    const config = { fixes: ['k8s/pss-privileged'] };
    expect((await decider(config).mutate(request(pod('dns', 'kube-system', { privileged: true })))).response.patch).toBeUndefined();
    expect(await decider(config).mutate(request(privileged(), { operation: 'UPDATE', oldObject: privileged() }))).toMatchObject({ skipped: 'pods are not mutated on UPDATE' });
  });
});
