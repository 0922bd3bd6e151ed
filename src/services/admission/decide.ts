import type { AdmissionConfig, AdmissionModes } from '../../config/admission.js';
import type { Finding } from '../../core/finding.js';
import { severityRank } from '../../core/severity.js';
import { isBuiltInKind } from '../../parsers/kubernetes/objects.js';
import { asRecord, formatPath, getPath } from '../../parsers/kubernetes/values.js';
import { createEvaluator, type Evaluate, type EvaluatorOptions } from '../../pipeline/evaluate.js';
import { mutateWithPolicies, type PolicyMutationOutcome, type PolicyRequestContext } from '../../pipeline/policies.js';
import { applyPatch, type PatchOperation } from './apply-patch.js';
import type { ImageTrust, ImageVerdict } from './image-trust/index.js';
import { concatPatches, mutateObject } from './mutation/index.js';
import { AUDIT_KEYS, denialMessage, ruleList, warningsFor, type Verdict } from './messages.js';
import type { Cancellation, Labels, NamespaceLabelSource } from './namespaces.js';
import { exemption, modesFor, reaches } from './policy.js';
import type { AdmissionRequest, AdmissionResponse } from './review.js';

export type Action = 'deny' | 'warn' | 'audit';

export interface Decision {
  response: AdmissionResponse;
  /** Every rule that took part, with what it did: for the decision log line and the metrics. */
  verdicts: Array<{ ruleId: string; action: Action }>;
  /** Why nothing was evaluated: an exemption, an operation or kind Rampart does not judge. */
  skipped?: string;
  /** Set when failurePolicy answered instead of the rules (time budget spent, evaluation error). */
  failure?: { kind: 'timeout' | 'error'; message: string };
}

export interface DeciderOptions {
  config: AdmissionConfig;
  /** The `rampart.yaml` rules, severities and exemptions as `rampart scan` resolves them. */
  evaluator: EvaluatorOptions;
  namespaces: NamespaceLabelSource;
  /** Rampart's own namespace: always exempt, so the webhook never blocks its own recovery. */
  ownNamespace?: string;
  /** Registry and signature checks and digest pinning (image-trust/); asynchronous, cancelled by the budget. */
  imageTrust?: ImageTrust;
}

export interface AdmissionDecider {
  /** `/validate`: deny, warn and annotate by the namespace's modes. */
  validate(request: AdmissionRequest): Promise<Decision>;
  /**
   * `/mutate`: users' MutatingAdmissionPolicies, configured mutations (then the policies that ask to be reinvoked),
   * digest pinning, then the opt-in rule fixes; never denies on findings, only when a `failurePolicy: Fail` policy fails.
   */
  mutate(request: AdmissionRequest): Promise<Decision>;
}

/** Subresources carry the parent object but change nothing rules judge, except ephemeral containers. */
const JUDGED_SUBRESOURCES = new Set(['', 'ephemeralcontainers']);

/** Rules are selected once, here; every request reuses them. */
export function createDecider(options: DeciderOptions): AdmissionDecider {
  const { config } = options;
  const evaluate = createEvaluator(options.evaluator);
  // Users' policies may match any kind, custom resources included.
  const judgesEveryKind = (options.evaluator.policies?.sets.length ?? 0) > 0;
  const mutatingPolicies = options.evaluator.policies?.sets.some((set) => set.mutate) ? options.evaluator.policies : undefined;
  const evaluateFixes: Evaluate | undefined = config.fixes.length > 0 ? createEvaluator({ ...options.evaluator, patchRules: config.fixes }) : undefined;

  const within = async (request: AdmissionRequest, work: (budget: DecisionBudget) => Promise<Decision>): Promise<Decision> => {
    const budget = new DecisionBudget();
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), config.timeoutMs);
    });
    try {
      const result = await Promise.race([work(budget), expired]);
      // Evaluation is synchronous: the timer cannot interrupt it, so the clock is read again once it returns.
      if (result === 'expired' || performance.now() - started > config.timeoutMs) {
        // Registry calls still running are abandoned; aborting only here spares every decision an AbortError.
        budget.expire(new Error(`the ${config.timeoutMs} ms decision budget ran out`));
        return failed(request, 'timeout', `Rampart could not decide within its ${config.timeoutMs} ms budget`);
      }
      return result;
    } catch (error) {
      return failed(request, 'error', `Rampart could not evaluate the object: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  };

  const failed = (request: AdmissionRequest, kind: 'timeout' | 'error', reason: string): Decision => {
    // An error's message may quote the object (a registry's answer, a broken field): one clean, bounded line.
    const message = warningsFor([], [reason])[0]!;
    const auditAnnotations = { [AUDIT_KEYS.failure]: kind };
    if (config.failurePolicy === 'Ignore') {
      return { response: { uid: request.uid, allowed: true, warnings: warningsFor([], [`${message}; allowed by failurePolicy Ignore`]), auditAnnotations }, verdicts: [], failure: { kind, message } };
    }
    const status = kind === 'timeout' ? { code: 504, reason: 'Timeout', message: `${message}; denied by failurePolicy Fail` } : { code: 500, reason: 'InternalError', message: `${message}; denied by failurePolicy Fail` };
    return { response: { uid: request.uid, allowed: false, status, auditAnnotations }, verdicts: [], failure: { kind, message } };
  };

  const context = async (request: AdmissionRequest, object: Record<string, unknown>, budget: DecisionBudget) => {
    const namespace = request.namespace;
    const labels: Labels | undefined = request.kind.kind === 'Namespace' && request.kind.group === ''
      ? stringMap(getPath(object, ['metadata', 'labels']))
      : namespace ? await options.namespaces.labels(namespace, budget) : undefined;
    return { namespace, labels };
  };

  return {
    validate: (request) => {
      const skip = skipReason(request, config, options.ownNamespace, judgesEveryKind);
      if (skip) return Promise.resolve(skipped(request, skip));
      return within(request, async (budget) => {
        const object = request.object!;
        const { namespace, labels } = await context(request, object, budget);
        const { modes, problems } = modesFor(labels, config.defaults);
        const judging = modes.enforce !== 'off' || modes.warn !== 'off' || modes.audit !== 'off';
        const trust = options.imageTrust?.active ? options.imageTrust : undefined;
        if (!judging && !trust) return skipped(request, 'every mode is off in this namespace');
        const evaluationContext = {
          operation: request.operation as 'CREATE' | 'UPDATE',
          ...(namespace ? { namespace } : {}),
          ...(labels ? { namespaceLabels: labels } : {}),
          userInfo: request.userInfo,
          ...(request.oldObject ? { oldObject: request.oldObject } : {}),
        };
        let findings = judging ? activeFindings(evaluate, object, evaluationContext) : [];
        let images = trust ? imageVerdicts(await trust.check(object, budget.signal)) : [];
        if (request.operation === 'UPDATE' && !config.enforceExisting && request.oldObject) {
          // Only what the update introduced counts: an old violation must not block an unrelated label change.
          const old = request.oldObject;
          if (findings.length > 0) {
            const before = new Set(activeFindings(evaluate, old, evaluationContext).map((f) => f.fingerprint));
            findings = findings.filter((f) => !before.has(f.fingerprint));
          }
          if (images.length > 0 && trust) {
            const before = new Set(imageVerdicts(await trust.check(old, budget.signal)).map(verdictKey));
            images = images.filter((v) => !before.has(verdictKey(v)));
          }
        }
        return judge(request, modes, findings, images, problems);
      });
    },

    mutate: (request) => {
      // A pod's spec is fixed once created: a sidecar or default added on UPDATE would make the API server refuse it.
      const frozen = request.operation === 'UPDATE' && request.kind.kind === 'Pod' && request.kind.group === '' ? 'pods are not mutated on UPDATE' : undefined;
      const skip = frozen ?? skipReason(request, config, options.ownNamespace, mutatingPolicies !== undefined);
      if (skip) return Promise.resolve(skipped(request, skip));
      return within(request, async (budget) => {
        let object = request.object!;
        const { namespace, labels } = await context(request, object, budget);
        const policyRequest: PolicyRequestContext = {
          operation: request.operation as 'CREATE' | 'UPDATE',
          ...(namespace ? { namespace } : {}),
          ...(namespace && labels ? { namespaceObject: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { ...labels } } } } : {}),
          userInfo: request.userInfo,
          ...(request.oldObject ? { oldObject: request.oldObject } : {}),
          ...(request.dryRun ? { dryRun: true } : {}),
        };
        const byPolicies: PolicyMutationOutcome | undefined = mutatingPolicies && mutateWithPolicies(object, mutatingPolicies, policyRequest);
        if (byPolicies?.denial) return policyDenial(request, byPolicies.denial);
        object = byPolicies?.object ?? object;
        const mutated = mutateObject(object, config.mutations, { ...(namespace ? { namespace } : {}), ...(labels ? { namespaceLabels: labels } : {}) });
        object = mutated.object;
        // Policies with reinvocationPolicy IfNeeded run again when Rampart's own mutations changed the object.
        const reinvoked = mutatingPolicies && mutated.patch.length > 0 ? mutateWithPolicies(object, mutatingPolicies, policyRequest, { reinvocation: true }) : undefined;
        if (reinvoked?.denial) return policyDenial(request, reinvoked.denial);
        object = reinvoked?.object ?? object;
        let pins: PatchOperation[] = [];
        if (options.imageTrust?.active && config.imageTrust.pinDigests) {
          pins = (await options.imageTrust.check(object, budget.signal)).patch;
          object = applyPatch(object, pins);
        }
        const fixes = evaluateFixes
          ? evaluateFixes(object, { operation: request.operation as 'CREATE' | 'UPDATE', ...(namespace ? { namespace } : {}), ...(labels ? { namespaceLabels: labels } : {}) }).patch
          : [];
        const patch = concatPatches<PatchOperation>(byPolicies?.patch ?? [], mutated.patch, reinvoked?.patch ?? [], pins, fixes);
        const warnings = [
          ...(byPolicies?.warnings ?? []),
          ...mutated.skipped.map((skip) => `mutation ${skip.mutation} not applied at ${skip.path}: ${skip.reason}`),
          ...(reinvoked?.warnings ?? []),
        ];
        return { response: { uid: request.uid, allowed: true, ...(patch.length > 0 ? { patch } : {}), ...(warnings.length > 0 ? { warnings: warningsFor([], warnings) } : {}) }, verdicts: [] };
      });
    },
  };
}

/**
 * Cancels one decision's registry and API calls when its time budget runs out. The signal is made on first use: an
 * AbortSignal costs a few microseconds and leaves garbage that outlives young collections, and most decisions (cached
 * namespaces, no image trust) never ask for one.
 */
class DecisionBudget implements Cancellation {
  private controller: AbortController | undefined;
  private reason: Error | undefined;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  expire(reason: Error): void {
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

/** A mutating policy that fails under `failurePolicy: Fail` rejects the request, as the apiserver's plugin does. */
function policyDenial(request: AdmissionRequest, message: string): Decision {
  const bounded = warningsFor([], [message])[0]!;
  return { response: { uid: request.uid, allowed: false, status: { code: 403, reason: 'Forbidden', message: bounded } }, verdicts: [] };
}

function skipReason(request: AdmissionRequest, config: AdmissionConfig, ownNamespace: string | undefined, judgesEveryKind = false): string | undefined {
  if (request.operation === 'DELETE' || request.operation === 'CONNECT') return `${request.operation} is not judged`;
  if (!JUDGED_SUBRESOURCES.has(request.subResource ?? '')) return `subresource ${request.subResource} is not judged`;
  const object = request.object;
  if (!object) return 'the request carries no object';
  const kind = typeof object.kind === 'string' ? object.kind : request.kind.kind;
  if (!judgesEveryKind && !isBuiltInKind(kind) && !hasPodSpec(object)) return `kind ${kind} is not one Rampart has rules for`;
  return exemption(request, config.exemptions, ownNamespace);
}

/** Custom resources pass unless they hold a pod template Rampart's rules read (Argo Rollouts and the like). */
function hasPodSpec(object: Record<string, unknown>): boolean {
  return [['spec', 'template', 'spec'], ['spec', 'jobTemplate', 'spec', 'template', 'spec']].some((path) => Array.isArray(asRecord(getPath(object, path))?.containers));
}

function activeFindings(evaluate: Evaluate, object: Record<string, unknown>, context: Parameters<Evaluate>[1]): Finding[] {
  const evaluation = evaluate(object, context);
  const failures = evaluation.errors.filter((e) => (e.level ?? 'error') === 'error');
  if (failures.length > 0) throw new Error(failures.map((e) => e.message).join('; '));
  return evaluation.findings.filter((f) => !f.suppressed);
}

function judge(request: AdmissionRequest, modes: AdmissionModes, findings: readonly Finding[], images: ReadonlyArray<Verdict & { action: 'deny' | 'warn' }>, problems: string[]): Decision {
  const verdicts: Verdict[] = findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, ...(f.fieldPath ? { fieldPath: f.fieldPath } : {}) }));
  // Worst first: the message leads with it and the waiver hint names it.
  const denied = [...verdicts.filter((v) => reaches(v.severity, modes.enforce)), ...images.filter((v) => v.action === 'deny')].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const deniedSet = new Set<Verdict>(denied);
  const warned = [...verdicts.filter((v) => !deniedSet.has(v) && reaches(v.severity, modes.warn)), ...images.filter((v) => v.action === 'warn')];
  const audited = verdicts.filter((v) => reaches(v.severity, modes.audit));
  const auditAnnotations: Record<string, string> = {};
  if (denied.length > 0) auditAnnotations[AUDIT_KEYS.denied] = ruleList(denied);
  if (warned.length > 0) auditAnnotations[AUDIT_KEYS.warned] = ruleList(warned);
  if (audited.length > 0) auditAnnotations[AUDIT_KEYS.audit] = ruleList(audited);
  const warnings = warningsFor(warned, problems);
  const response: AdmissionResponse = {
    uid: request.uid,
    allowed: denied.length === 0,
    ...(denied.length > 0 ? { status: { code: 403, reason: 'Forbidden', message: denialMessage(denied) } } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
    auditAnnotations,
  };
  const actions = [
    ...denied.map((v) => ({ ruleId: v.ruleId, action: 'deny' as const })),
    ...warned.map((v) => ({ ruleId: v.ruleId, action: 'warn' as const })),
    ...audited.filter((v) => !deniedSet.has(v) && !warned.includes(v)).map((v) => ({ ruleId: v.ruleId, action: 'audit' as const })),
  ];
  return { response, verdicts: actions };
}

function skipped(request: AdmissionRequest, reason: string): Decision {
  const exempt = / exempt$/.test(reason);
  return { response: { uid: request.uid, allowed: true, ...(exempt ? { auditAnnotations: { [AUDIT_KEYS.exempt]: reason } } : {}) }, verdicts: [], skipped: reason };
}

/** Image verdicts name the image in their message; container indexes may shift between the old and new object. */
function verdictKey(verdict: Verdict): string {
  return `${verdict.ruleId}\u0000${verdict.message}`;
}

function imageVerdicts(result: { verdicts: readonly ImageVerdict[] }): Array<Verdict & { action: 'deny' | 'warn' }> {
  return result.verdicts.map((v) => ({ ruleId: v.ruleId, severity: v.severity, message: v.message, fieldPath: formatPath([...v.containerPath, 'image']), action: v.action }));
}

function stringMap(value: unknown): Record<string, string> {
  const record = asRecord(value) ?? {};
  return Object.fromEntries(Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
