import type { Location } from '../../core/finding.js';
import { asRecord } from '../../parsers/kubernetes/values.js';
import type { CompiledPolicies, PolicyDocument, PolicyLoadError, PolicySet } from './types.js';

export type * from './types.js';

/** One language's compiler, and which documents are its policies. */
export interface PolicyCompiler {
  /** Whether a document is this language's policy (its binding, template or constraint included). */
  accepts(object: Record<string, unknown>): boolean;
  /** Every document, when one is its policy: a compiler also finds the params its policies name among them. */
  compile(documents: PolicyDocument[]): CompiledPolicies | Promise<CompiledPolicies>;
}

/** What the rule catalog, SARIF and `rampart rules` say about one user policy. */
export interface PolicyInfo {
  name: string;
  kind: string;
  /** The policy's own words: its `rampart.io/description` or `description` annotation (the template's for a constraint). */
  description?: string;
  location?: Location;
}

/** Every policy a scan, the webhook or `policy test` applies, compiled, with what did not compile. */
export interface LoadedPolicies {
  sets: PolicySet[];
  policies: PolicyInfo[];
  /** Objects of the policies' `paramKind`s found beside them: params, added to every evaluation's inventory. */
  params: Array<Record<string, unknown>>;
  errors: PolicyLoadError[];
}

const CEL_GROUP = 'admissionregistration.k8s.io';
const CEL_KINDS = new Set(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding']);
const REGO_GROUPS = new Set(['templates.gatekeeper.sh', 'constraints.gatekeeper.sh']);

export function isCelPolicyObject(object: Record<string, unknown>): boolean {
  return groupOf(object) === CEL_GROUP && CEL_KINDS.has(String(object.kind));
}

export function isRegoPolicyObject(object: Record<string, unknown>): boolean {
  return REGO_GROUPS.has(groupOf(object));
}

/**
 * Hands the documents to each compiler that finds its policies among them and merges what they return. Other objects
 * are kept only when a policy names their kind as its `paramKind`: a policy directory may also hold samples and test
 * suites, which must not become params or inventory.
 */
export async function compilePolicies(documents: readonly PolicyDocument[], compilers: readonly PolicyCompiler[]): Promise<LoadedPolicies> {
  const loaded: LoadedPolicies = { sets: [], policies: [], params: [], errors: [] };
  for (const compiler of compilers) {
    if (!documents.some((d) => compiler.accepts(d.object))) continue;
    const compiled = await compiler.compile([...documents]);
    loaded.sets.push(compiled.set);
    loaded.errors.push(...compiled.errors);
  }
  const isPolicy = (object: Record<string, unknown>) => compilers.some((compiler) => compiler.accepts(object));
  const paramKinds = new Set(documents.flatMap((d) => paramKindOf(d.object) ?? []));
  loaded.params = documents.filter((d) => !isPolicy(d.object) && paramKinds.has(`${String(d.object.apiVersion)}/${String(d.object.kind)}`)).map((d) => d.object);
  const descriptions = describe(documents);
  for (const set of loaded.sets) {
    for (const policy of set.policies) {
      const description = descriptions.byName.get(`${policy.kind}/${policy.name}`) ?? descriptions.byKind.get(policy.kind);
      loaded.policies.push({ ...policy, ...(description ? { description } : {}) });
    }
  }
  return loaded;
}

function groupOf(object: Record<string, unknown>): string {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

function paramKindOf(object: Record<string, unknown>): string | undefined {
  if (!isCelPolicyObject(object)) return undefined;
  const paramKind = asRecord(asRecord(object.spec)?.paramKind);
  return paramKind && typeof paramKind.apiVersion === 'string' && typeof paramKind.kind === 'string' ? `${paramKind.apiVersion}/${paramKind.kind}` : undefined;
}

/** A policy's description by `<kind>/<name>`; a template's by the constraint kind it defines. */
function describe(documents: readonly PolicyDocument[]): { byName: Map<string, string>; byKind: Map<string, string> } {
  const byName = new Map<string, string>();
  const byKind = new Map<string, string>();
  for (const { object } of documents) {
    const metadata = asRecord(object.metadata);
    const annotations = asRecord(metadata?.annotations);
    const text = annotations?.['rampart.io/description'] ?? annotations?.description;
    if (typeof text !== 'string' || text.trim() === '') continue;
    if (typeof metadata?.name === 'string') byName.set(`${String(object.kind)}/${metadata.name}`, text.trim());
    const definedKind = asRecord(asRecord(asRecord(asRecord(object.spec)?.crd)?.spec)?.names)?.kind;
    if (object.kind === 'ConstraintTemplate' && typeof definedKind === 'string') byKind.set(definedKind, text.trim());
  }
  return { byName, byKind };
}
