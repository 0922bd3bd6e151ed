import type { Location } from '../../core/finding.js';

/**
 * Users' own policies (Kubernetes ValidatingAdmissionPolicies in CEL, Gatekeeper ConstraintTemplates in Rego) share
 * one shape so that `rampart scan`, `rampart admission` and the audit run them the way they run built-in rules.
 */

export type PolicyOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** What the apiserver would hand a policy for one object: the admission request, reduced to what policies read. */
export interface PolicyRequest {
  /** The object being admitted; null for DELETE. */
  object: Record<string, unknown> | null;
  /** The stored object on UPDATE and DELETE. */
  oldObject?: Record<string, unknown> | null;
  operation: PolicyOperation;
  /** The object's namespace (from metadata or the request). */
  namespace?: string;
  /** The Namespace object of a namespaced request, when known (the cluster's, or one found in the scanned input). */
  namespaceObject?: Record<string, unknown>;
  userInfo?: { username: string; uid?: string; groups?: readonly string[] };
  dryRun?: boolean;
  /** Where the object came from, for the findings' locations (the manifest file in a scan). */
  file?: string;
}

/** The other objects a policy may consult: params objects, and Gatekeeper's `data.inventory`. */
export interface PolicyInventory {
  objects: ReadonlyArray<Record<string, unknown>>;
}

/** Deny fails the gate; warn is reported as a warning; audit is recorded only. */
export type PolicyAction = 'deny' | 'warn' | 'audit';

export interface PolicyViolation {
  /** The policy's name (`metadata.name` of the ValidatingAdmissionPolicy or of the Gatekeeper constraint). */
  policy: string;
  /** `ValidatingAdmissionPolicy`, `MutatingAdmissionPolicy` or the constraint's kind (the template's CRD kind). */
  policyKind: string;
  message: string;
  actions: readonly PolicyAction[];
  /** The validation's `reason` (`Forbidden`, `Invalid`, ...) when it has one. */
  reason?: string;
  /** Path into the object the violation is about, when the policy says (CEL `fieldPath`). */
  path?: ReadonlyArray<string | number>;
  /** Where the policy itself is written, so a finding can point at it as well. */
  policyLocation?: Location;
}

/** A policy that could not be evaluated for one object (a runtime error, the cost limit, undefined data). */
export interface PolicyFailure {
  policy: string;
  policyKind: string;
  message: string;
  /** `Fail` turns the failure into a denial (the apiserver's default); `Ignore` lets the object through. */
  failurePolicy: 'Fail' | 'Ignore';
  /**
   * What a `Fail` failure does, when the language says: a CEL evaluation error goes through the binding's
   * validationActions (a Warn binding warns); a misconfigured binding always denies.
   */
  actions?: readonly PolicyAction[];
  policyLocation?: Location;
}

export interface PolicyResult {
  violations: PolicyViolation[];
  failures: PolicyFailure[];
  /** Audit annotations the policies produced, keyed `<policy>/<key>` as the apiserver keys them. */
  auditAnnotations: Record<string, string>;
}

/** One change to an object, as an RFC 6902 operation whose path is a list of segments. */
export interface ObjectChange {
  op: 'add' | 'replace' | 'remove';
  path: ReadonlyArray<string | number>;
  value?: unknown;
}

/** What one mutating policy changed in an object (after the policies before it). */
export interface PolicyMutation {
  policy: string;
  policyKind: string;
  changes: ObjectChange[];
  policyLocation?: Location;
}

export interface PolicyMutationResult {
  /** The object after every mutating policy that applies; the request's own object when none changed it. */
  object: Record<string, unknown> | null;
  mutations: PolicyMutation[];
  failures: PolicyFailure[];
}

export interface MutateOptions {
  /**
   * The reinvocation round: only policies with `reinvocationPolicy: IfNeeded` run, after later mutations (Rampart's
   * own, a webhook's) changed the object, as the apiserver reinvokes them.
   */
  reinvocation?: boolean;
}

/** A policy file that does not load or compile: file:line and the compiler's own message. */
export interface PolicyLoadError {
  file: string;
  line?: number;
  message: string;
}

/** A compiled, ready set of policies of one language; `evaluate` is synchronous so admission stays fast. */
export interface PolicySet {
  /** The names of the policies in the set, with their kind, for listings and `policy test`. */
  readonly policies: ReadonlyArray<{ name: string; kind: string; location?: Location }>;
  evaluate(request: PolicyRequest, inventory?: PolicyInventory): PolicyResult;
  /** Mutating policies (MutatingAdmissionPolicy), when the set has any: the object as they would change it. */
  mutate?(request: PolicyRequest, inventory?: PolicyInventory, options?: MutateOptions): PolicyMutationResult;
}

/** One policy-related object read from a policy directory, `rampart.yaml` or the scanned input, with its position. */
export interface PolicyDocument {
  object: Record<string, unknown>;
  file: string;
  /** 1-based line of the document's start in `file`. */
  line: number;
  /**
   * Where a field of the document is written (the parser's `YamlDocument.locate`), so a compiler error inside an
   * embedded source (a template's Rego) can name its own line; without it errors point at the document's start.
   */
  locate?: (path: ReadonlyArray<string | number>) => Location | undefined;
}

/** What a language's compiler returns: the policies that compiled, and file:line errors for those that did not. */
export interface CompiledPolicies {
  set: PolicySet;
  errors: PolicyLoadError[];
}
