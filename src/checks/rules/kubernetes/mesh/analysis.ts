import { analyzeMesh, type MeshAnalysis } from '../../../analysis/mesh/index.js';
import type { KubernetesObject } from '../../../../parsers/kubernetes/objects.js';
import { podTemplateOf } from '../../../../parsers/kubernetes/workloads.js';
import { readsKinds, type SetRuleContext } from '../rule.js';

/**
 * What the mesh analysis reads: Namespaces, Services, workloads, and Istio and Linkerd resources. Of
 * every other object it reads only the identity (a controller in the input owns a pod, which is then
 * no workload of its own).
 */
export const MESH_READS = readsKinds(['Namespace', 'Service'], (object) => {
  const group = object.apiVersion?.includes('/') ? object.apiVersion.slice(0, object.apiVersion.indexOf('/')) : '';
  return group.endsWith('istio.io') || group.endsWith('linkerd.io') || podTemplateOf(object) !== undefined;
});

const cache = new WeakMap<readonly KubernetesObject[], Map<string, MeshAnalysis>>();

/** Every mesh rule reads the same analysis; it is computed once per scan (per object set and namespace default). */
export function meshAnalysis(context: SetRuleContext): MeshAnalysis {
  const defaultNamespace = context.settings.assumedNamespace ?? 'default';
  let byNamespace = cache.get(context.objects);
  if (!byNamespace) cache.set(context.objects, (byNamespace = new Map()));
  let analysis = byNamespace.get(defaultNamespace);
  if (!analysis) byNamespace.set(defaultNamespace, (analysis = analyzeMesh(context.objects, { defaultNamespace })));
  return analysis;
}

export const NSA_ENCRYPTION = 'Network separation and hardening: encrypt traffic inside the cluster (service mesh mTLS)';
export const ISTIO_PEER_AUTHENTICATION = 'https://istio.io/latest/docs/reference/config/security/peer_authentication/';
export const ISTIO_AUTHN_POLICY = 'https://istio.io/latest/docs/tasks/security/authentication/authn-policy/';
export const ISTIO_INJECTION = 'https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/';
export const ISTIO_DESTINATION_RULE = 'https://istio.io/latest/docs/reference/config/networking/destination-rule/';
export const LINKERD_INJECTION = 'https://linkerd.io/2/features/proxy-injection/';
export const LINKERD_PROXY_CONFIG = 'https://linkerd.io/2/reference/proxy-configuration/';
