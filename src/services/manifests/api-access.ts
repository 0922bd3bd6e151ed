/**
 * What automounting a service account token would give a pod, as an hourly-expiring projected token that only the
 * container mounting it sees: the manifests Rampart renders set `automountServiceAccountToken: false` and mount this
 * where clients look for it, so no other container of the pod holds API credentials.
 */
export const API_ACCESS_VOLUME = {
  name: 'api-access',
  projected: {
    sources: [
      { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
    ],
  },
} as const;

/** The mount of API_ACCESS_VOLUME at the path in-cluster clients read. */
export const API_ACCESS_MOUNT = { name: API_ACCESS_VOLUME.name, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true } as const;
