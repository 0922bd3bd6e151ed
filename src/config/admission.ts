import type { Severity } from '../core/severity.js';

/**
 * The `admission:` section of `rampart.yaml`: how `rampart admission` decides, mutates and trusts images. The rules,
 * severities and exemptions themselves are the same top-level settings `rampart scan` uses.
 */
export interface AdmissionConfig {
  /** Per-mode thresholds used when a namespace carries no `rampart.io/<mode>` label. */
  defaults: AdmissionModes;
  /** Requests nobody evaluates (beyond the always-exempt `kube-system` and Rampart's own namespace). */
  exemptions: AdmissionExemptions;
  /** UPDATE requests are judged on every finding of the new object, not only on what the update introduced. */
  enforceExisting: boolean;
  /** Budget for one decision; past it the request is answered by `failurePolicy`. */
  timeoutMs: number;
  /** What the apiserver does when the webhook cannot answer, and what the webhook answers when it runs out of time. */
  failurePolicy: 'Fail' | 'Ignore';
  /** Rule IDs (or peer aliases) whose safe fixes are applied by `/mutate`. Off unless listed. */
  fixes: string[];
  mutations: MutationConfig;
  imageTrust: ImageTrustConfig;
}

/** A threshold per mode: findings at or above it are denied (enforce), returned as warnings (warn), or annotated (audit). */
export interface AdmissionModes {
  enforce: Severity | 'off';
  warn: Severity | 'off';
  audit: Severity | 'off';
}

export interface AdmissionExemptions {
  namespaces: string[];
  usernames: string[];
  groups: string[];
  /** `namespace/name` of service accounts (matched against `system:serviceaccount:<ns>:<name>` usernames). */
  serviceAccounts: string[];
  runtimeClasses: string[];
}

export interface MutationConfig {
  /** Image prefix rewrites, first match wins: `docker.io/library/nginx` to `registry.corp/mirror/nginx`. */
  registryMirrors: Array<{ from: string; to: string }>;
  /** Added to pod specs unless an equal toleration is present. */
  tolerations: Array<Record<string, unknown>>;
  /** Set on pod specs where the key is absent. */
  nodeSelector: Record<string, string>;
  /** Set on the object (and pod templates) where the key is absent. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Fields set where absent: pod-level and container-level security contexts. */
  securityContext: { pod?: Record<string, unknown>; container?: Record<string, unknown> };
  /** Containers injected into pod specs; idempotent by container name. */
  sidecars: SidecarConfig[];
}

export interface SidecarConfig {
  /** Name of the injected container; a pod already holding a container of this name is left alone. */
  name: string;
  /** The container spec (name is forced to `name`). */
  container: Record<string, unknown>;
  /** Only pods whose namespace or pod labels match all of these get it; everyone when empty. */
  selector: Record<string, string>;
  /** Volumes the container needs, added where no volume of the same name exists. */
  volumes: Array<Record<string, unknown>>;
}

export interface ImageTrustConfig {
  /** Registries (`registry.corp`, `ghcr.io`) images may come from; everything when empty and `repositories` is empty. */
  registries: string[];
  /** Repository prefixes (`ghcr.io/acme/`) images may come from, in addition to whole registries. */
  repositories: string[];
  /** Rewrite tag references to `name@sha256:...` by resolving them through the registry at admission time. */
  pinDigests: boolean;
  signatures: SignatureConfig;
}

export interface SignatureConfig {
  /** `enforce` denies, `warn` warns, `off` skips signature checks. */
  mode: 'enforce' | 'warn' | 'off';
  /** PEM public keys (ECDSA P-256) as written by `cosign generate-key-pair`; a signature by any one of them is enough. */
  keys: string[];
  /** Only images under these prefixes need a signature; all images when empty. */
  repositories: string[];
  /** How long a verification result is reused. */
  cacheTtlMs: number;
  /** When the registry cannot be reached: deny (`Fail`) or let through with a warning (`Ignore`). */
  unreachable: 'Fail' | 'Ignore';
  /** Registries reached over plain HTTP (loopback registries are, like Docker, by default). */
  insecureRegistries: string[];
}

export function defaultAdmissionConfig(): AdmissionConfig {
  return {
    defaults: { enforce: 'high', warn: 'low', audit: 'low' },
    exemptions: { namespaces: [], usernames: [], groups: [], serviceAccounts: [], runtimeClasses: [] },
    enforceExisting: false,
    timeoutMs: 2_000,
    failurePolicy: 'Fail',
    fixes: [],
    mutations: { registryMirrors: [], tolerations: [], nodeSelector: {}, labels: {}, annotations: {}, securityContext: {}, sidecars: [] },
    imageTrust: {
      registries: [],
      repositories: [],
      pinDigests: false,
      signatures: { mode: 'off', keys: [], repositories: [], cacheTtlMs: 5 * 60_000, unreachable: 'Fail', insecureRegistries: [] },
    },
  };
}
