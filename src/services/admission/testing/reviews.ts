import type { AdmissionRequest } from '../review.js';

/** A Pod as `kubectl run` would send it, with the given container security context. */
export function pod(name: string, namespace: string, securityContext: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: name } },
    spec: { containers: [{ name: 'app', image: 'registry.example.com/shop/app:1.0', securityContext }], ...extra },
  };
}

/** Passes the restricted Pod Security Standard, so only lower-severity hygiene findings remain. */
export const RESTRICTED_CONTEXT = {
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

export function request(object: Record<string, unknown> | undefined, overrides: Partial<AdmissionRequest> = {}): AdmissionRequest {
  const kind = typeof object?.kind === 'string' ? object.kind : 'Pod';
  const metadata = (object?.metadata ?? {}) as { namespace?: string; name?: string };
  return {
    uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
    kind: { group: '', version: 'v1', kind },
    resource: { group: '', version: 'v1', resource: `${kind.toLowerCase()}s` },
    operation: 'CREATE',
    userInfo: { username: 'alice', groups: ['system:authenticated'] },
    ...(object ? { object } : {}),
    ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
    ...(metadata.name ? { name: metadata.name } : {}),
    dryRun: false,
    ...overrides,
  };
}

/** The wire form of `request`, as the API server posts it. */
export function reviewBody(admission: AdmissionRequest): Record<string, unknown> {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: admission };
}
