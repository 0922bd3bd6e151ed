export interface RemovedApi {
  /** `v1.<minor>` release that stopped serving the apiVersion for this kind. */
  removedIn: string;
  /** apiVersion to migrate to, or how to replace the kind when it has no successor. */
  replacement: string;
}

type Table = Record<string, { removedIn: string; replacement: string; kinds: string[] }[]>;

/** From the Kubernetes deprecated API migration guide, keyed by apiVersion. */
const REMOVED: Table = {
  'extensions/v1beta1': [
    { removedIn: 'v1.16', replacement: 'apps/v1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'] },
    { removedIn: 'v1.16', replacement: 'networking.k8s.io/v1', kinds: ['NetworkPolicy'] },
    { removedIn: 'v1.16', replacement: 'Pod Security Admission (PodSecurityPolicy was removed in v1.25)', kinds: ['PodSecurityPolicy'] },
    { removedIn: 'v1.22', replacement: 'networking.k8s.io/v1', kinds: ['Ingress'] },
  ],
  'apps/v1beta1': [{ removedIn: 'v1.16', replacement: 'apps/v1', kinds: ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet'] }],
  'apps/v1beta2': [{ removedIn: 'v1.16', replacement: 'apps/v1', kinds: ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet'] }],
  'admissionregistration.k8s.io/v1beta1': [
    { removedIn: 'v1.22', replacement: 'admissionregistration.k8s.io/v1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'] },
  ],
  'apiextensions.k8s.io/v1beta1': [{ removedIn: 'v1.22', replacement: 'apiextensions.k8s.io/v1', kinds: ['CustomResourceDefinition'] }],
  'apiregistration.k8s.io/v1beta1': [{ removedIn: 'v1.22', replacement: 'apiregistration.k8s.io/v1', kinds: ['APIService'] }],
  'authentication.k8s.io/v1beta1': [{ removedIn: 'v1.22', replacement: 'authentication.k8s.io/v1', kinds: ['TokenReview'] }],
  'authorization.k8s.io/v1beta1': [
    {
      removedIn: 'v1.22',
      replacement: 'authorization.k8s.io/v1',
      kinds: ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview'],
    },
  ],
  'certificates.k8s.io/v1beta1': [{ removedIn: 'v1.22', replacement: 'certificates.k8s.io/v1', kinds: ['CertificateSigningRequest'] }],
  'coordination.k8s.io/v1beta1': [{ removedIn: 'v1.22', replacement: 'coordination.k8s.io/v1', kinds: ['Lease'] }],
  'networking.k8s.io/v1beta1': [{ removedIn: 'v1.22', replacement: 'networking.k8s.io/v1', kinds: ['Ingress', 'IngressClass'] }],
  'rbac.authorization.k8s.io/v1beta1': [
    { removedIn: 'v1.22', replacement: 'rbac.authorization.k8s.io/v1', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'] },
  ],
  'scheduling.k8s.io/v1beta1': [{ removedIn: 'v1.22', replacement: 'scheduling.k8s.io/v1', kinds: ['PriorityClass'] }],
  'storage.k8s.io/v1beta1': [
    { removedIn: 'v1.22', replacement: 'storage.k8s.io/v1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'] },
    { removedIn: 'v1.27', replacement: 'storage.k8s.io/v1', kinds: ['CSIStorageCapacity'] },
  ],
  'batch/v1beta1': [{ removedIn: 'v1.25', replacement: 'batch/v1', kinds: ['CronJob'] }],
  'discovery.k8s.io/v1beta1': [{ removedIn: 'v1.25', replacement: 'discovery.k8s.io/v1', kinds: ['EndpointSlice'] }],
  'events.k8s.io/v1beta1': [{ removedIn: 'v1.25', replacement: 'events.k8s.io/v1', kinds: ['Event'] }],
  'autoscaling/v2beta1': [{ removedIn: 'v1.25', replacement: 'autoscaling/v2', kinds: ['HorizontalPodAutoscaler'] }],
  'autoscaling/v2beta2': [{ removedIn: 'v1.26', replacement: 'autoscaling/v2', kinds: ['HorizontalPodAutoscaler'] }],
  'policy/v1beta1': [
    { removedIn: 'v1.25', replacement: 'policy/v1', kinds: ['PodDisruptionBudget'] },
    { removedIn: 'v1.25', replacement: 'Pod Security Admission (no successor API)', kinds: ['PodSecurityPolicy'] },
  ],
  'node.k8s.io/v1beta1': [{ removedIn: 'v1.25', replacement: 'node.k8s.io/v1', kinds: ['RuntimeClass'] }],
  'flowcontrol.apiserver.k8s.io/v1beta1': [
    { removedIn: 'v1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'] },
  ],
  'flowcontrol.apiserver.k8s.io/v1beta2': [
    { removedIn: 'v1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'] },
  ],
  'flowcontrol.apiserver.k8s.io/v1beta3': [
    { removedIn: 'v1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'] },
  ],
};

export function removedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  const entry = REMOVED[apiVersion]?.find((candidate) => candidate.kinds.includes(kind));
  return entry && { removedIn: entry.removedIn, replacement: entry.replacement };
}
