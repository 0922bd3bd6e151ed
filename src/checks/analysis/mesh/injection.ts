import { getPath } from '../../../parsers/kubernetes/values.js';
import { hasContainer, ISTIO, LINKERD } from './inventory.js';
import type { FieldRef, MeshName, NamespaceInfo, Workload } from './types.js';

export interface Injection {
  mesh: MeshName;
  injected: boolean;
  /** Istio ambient enrolment: in the mesh through ztunnel, without a sidecar. */
  ambient?: boolean;
  /** Whether the workload's namespace asks this mesh to inject its pods; `unknown` when the Namespace is not in the input. */
  namespaceWants?: 'yes' | 'no' | 'unknown';
  /** False when the decision hangs on namespace labels the input does not show. */
  certain: boolean;
  /** The pod template explicitly opts out (Istio `"false"`, Linkerd `disabled`). */
  optOut?: FieldRef & { description: string };
  /** The pod would be injected (or asks to be) but something prevents it. */
  blocked?: FieldRef & { description: string };
  reasons: string[];
}

/** Namespaces the injectors never touch (Istio's ignored namespaces; Linkerd labels kube-system out at install). */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

type NamespaceState = 'enabled' | 'disabled' | 'unset' | 'unknown';

/**
 * Istio's injector, as the webhook selectors and injectRequired() apply it: a disabled label on either
 * the namespace or the pod wins, then an enabled one on either; the pod label beats the legacy
 * annotation; `istio-injection` beats `istio.io/rev` on a namespace.
 */
export function istioInjection(workload: Workload, ns: NamespaceInfo): Injection {
  const sidecar = istioSidecar(workload, ns);
  if (sidecar.injected || getPath(workload.pod.spec, ['hostNetwork']) === true || SYSTEM_NAMESPACES.has(workload.namespace)) return sidecar;
  // Ambient capture ignores the sidecar labels: only `istio.io/dataplane-mode` enrols or opts out.
  const podMode = workload.labels[ISTIO.dataplaneMode];
  const ambient = podMode === 'ambient' || (podMode !== 'none' && ns.labels[ISTIO.dataplaneMode] === 'ambient');
  if (!ambient) return sidecar;
  return { mesh: 'istio', injected: true, ambient: true, certain: true, reasons: ['enrolled in ambient mode (ztunnel), no sidecar'] };
}

function istioSidecar(workload: Workload, ns: NamespaceInfo): Injection {
  const { metadataPath, specPath } = workload.pod;
  const reasons: string[] = [];
  const nsState = istioNamespaceState(ns, reasons);
  const namespaceWants = nsState === 'enabled' ? 'yes' : nsState === 'unknown' ? 'unknown' : 'no';
  const result = (injected: boolean, certain: boolean, extra: Partial<Injection> = {}): Injection => ({
    mesh: 'istio',
    injected,
    certain,
    namespaceWants,
    reasons,
    ...extra,
  });
  if (ISTIO.sidecarStatus in workload.annotations || hasContainer(workload, ISTIO.proxyContainer)) {
    reasons.push('istio-proxy sidecar already present');
    return result(true, true);
  }
  const podLabel = workload.labels[ISTIO.podInject];
  const podAnnotation = workload.annotations[ISTIO.podInject];
  const podValue = podLabel ?? podAnnotation;
  const podField = podLabel !== undefined ? 'label' : 'annotation';
  const podPath = [...metadataPath, podLabel !== undefined ? 'labels' : 'annotations', ISTIO.podInject];
  const podRevision = workload.labels[ISTIO.revision];
  const podAsks = podLabel === 'true' || podRevision !== undefined;

  if (getPath(workload.pod.spec, ['hostNetwork']) === true) {
    reasons.push('hostNetwork pods are never injected');
    const wanted = nsState === 'enabled' || podAsks;
    return result(false, true, wanted ? { blocked: { object: workload.object, path: [...specPath, 'hostNetwork'], description: 'uses hostNetwork, which the Istio injector skips' } } : {});
  }
  if (SYSTEM_NAMESPACES.has(workload.namespace)) {
    reasons.push(`namespace ${workload.namespace} is never injected`);
    return result(false, true);
  }
  if (podValue === 'false') {
    reasons.push(`pod ${podField} ${ISTIO.podInject}="false"`);
    return result(false, true, {
      optOut: { object: workload.object, path: podPath, description: `pod ${podField} ${ISTIO.podInject}: "false"` },
    });
  }
  if (nsState === 'disabled') {
    if (podAsks) {
      const path = podLabel === 'true' ? podPath : [...metadataPath, 'labels', ISTIO.revision];
      return result(false, true, {
        blocked: { object: workload.object, path, description: `asks for injection, but namespace ${ns.name} disables it (a disabled label wins)` },
      });
    }
    return result(false, true);
  }
  if (nsState === 'enabled') return result(true, true);
  if (podAsks) {
    reasons.push(podLabel === 'true' ? `pod label ${ISTIO.podInject}="true"` : `pod label ${ISTIO.revision}=${podRevision}`);
    return result(true, nsState === 'unset');
  }
  if (podAnnotation === 'true') {
    reasons.push(`legacy annotation ${ISTIO.podInject}="true" alone does not select the pod for injection`);
    return result(false, nsState === 'unset', {
      blocked: {
        object: workload.object,
        path: podPath,
        description: `relies on the legacy annotation ${ISTIO.podInject}: "true", which no injection webhook selects on; use the label`,
      },
    });
  }
  if (nsState === 'unknown') reasons.push(`namespace ${ns.name} is not in the input: its injection labels are unknown`);
  else reasons.push(`neither namespace ${ns.name} nor the pod enables injection`);
  return result(false, nsState === 'unset');
}

function istioNamespaceState(ns: NamespaceInfo, reasons: string[]): NamespaceState {
  if (!ns.object) return 'unknown';
  const label = ns.labels[ISTIO.namespaceInjection];
  if (label !== undefined) {
    // Only `enabled` matches the webhook; any other value still excludes the pod-level webhooks.
    reasons.push(`namespace ${ns.name} label ${ISTIO.namespaceInjection}=${label}`);
    return label === 'enabled' ? 'enabled' : 'disabled';
  }
  const revision = ns.labels[ISTIO.revision];
  if (revision !== undefined) {
    reasons.push(`namespace ${ns.name} label ${ISTIO.revision}=${revision}`);
    return 'enabled';
  }
  return 'unset';
}

export const LINKERD_VALUES: ReadonlySet<string> = new Set(['enabled', 'disabled', 'ingress']);

/**
 * Linkerd's injector (pkg/inject report.go truth table): the pod annotation overrides the namespace's;
 * `enabled` and `ingress` inject; hostNetwork, another sidecar, an unmounted service-account token and
 * invalid annotation values prevent injection.
 */
export function linkerdInjection(workload: Workload, ns: NamespaceInfo): Injection {
  const { metadataPath, specPath } = workload.pod;
  const reasons: string[] = [];
  const podValue = workload.annotations[LINKERD.inject];
  const nsValue = ns.annotations[LINKERD.inject];
  const nsEnables = nsValue === 'enabled' || nsValue === 'ingress';
  const namespaceWants = nsEnables ? 'yes' : ns.object ? 'no' : 'unknown';
  const result = (injected: boolean, certain: boolean, extra: Partial<Injection> = {}): Injection => ({
    mesh: 'linkerd',
    injected,
    certain,
    namespaceWants,
    reasons,
    ...extra,
  });
  if (hasContainer(workload, LINKERD.proxyContainer)) {
    reasons.push('linkerd-proxy already present');
    return result(true, true);
  }
  const podPath = [...metadataPath, 'annotations', LINKERD.inject];
  if (podValue !== undefined && !LINKERD_VALUES.has(podValue)) {
    reasons.push(`invalid pod annotation ${LINKERD.inject}=${podValue}`);
    return result(false, true);
  }
  if (nsValue !== undefined && !LINKERD_VALUES.has(nsValue)) {
    reasons.push(`invalid namespace annotation ${LINKERD.inject}=${nsValue}`);
    return result(false, true);
  }
  if (podValue === 'disabled') {
    reasons.push(`pod annotation ${LINKERD.inject}=disabled`);
    return result(false, true, { optOut: { object: workload.object, path: podPath, description: `pod annotation ${LINKERD.inject}: disabled` } });
  }
  const wanted = nsEnables || podValue === 'enabled' || podValue === 'ingress';
  if (!wanted) {
    if (!ns.object) reasons.push(`namespace ${ns.name} is not in the input: its injection annotation is unknown`);
    return result(false, !!ns.object);
  }
  reasons.push(podValue !== undefined ? `pod annotation ${LINKERD.inject}=${podValue}` : `namespace ${ns.name} annotation ${LINKERD.inject}=${nsValue}`);
  const obstacle = linkerdObstacle(workload);
  if (obstacle) {
    reasons.push(obstacle.description);
    return result(false, true, { blocked: { object: workload.object, path: [...specPath, obstacle.field], description: obstacle.description } });
  }
  return result(true, true);
}

function linkerdObstacle(workload: Workload): { field: string; description: string } | undefined {
  if (getPath(workload.pod.spec, ['hostNetwork']) === true) return { field: 'hostNetwork', description: 'uses hostNetwork, which the Linkerd injector skips' };
  if (getPath(workload.pod.spec, ['automountServiceAccountToken']) === false) {
    return { field: 'automountServiceAccountToken', description: 'sets automountServiceAccountToken: false; the Linkerd proxy needs the token for its identity' };
  }
  if (hasContainer(workload, ISTIO.proxyContainer)) return { field: 'containers', description: 'already has an istio-proxy sidecar' };
  return undefined;
}
