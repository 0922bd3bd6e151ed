import type { ScanError } from '../core/finding.js';
import { isBuiltInKind, type KubernetesObject } from '../parsers/kubernetes/objects.js';
import { podTemplateOf } from '../parsers/kubernetes/workloads.js';

/**
 * One warning per unknown kind and file (not per object, so CRD-heavy repos stay readable). These
 * are warnings: a CRD is no scan error, but users should know which objects got generic checks only.
 */
export function unknownKindWarnings(objects: KubernetesObject[]): ScanError[] {
  const seen = new Set<string>();
  const warnings: ScanError[] = [];
  for (const object of objects) {
    if (isBuiltInKind(object.kind) || isAnalysedCustomKind(object)) continue;
    const { location } = object.locate(['kind']);
    const key = `${location.file}\0${object.apiVersion}\0${object.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const workload = podTemplateOf(object) ? 'its pod template was checked like a workload' : 'only generic rules apply to it';
    warnings.push({
      file: location.file,
      line: location.startLine,
      message: `${object.apiVersion ?? '?'} ${object.kind} is not a built-in Kubernetes kind (custom resource?): ${workload}`,
      level: 'warning',
    });
  }
  return warnings;
}

/** Custom resources some analysis reads (the mesh posture, admin network policies, users' Gatekeeper policies). */
const ANALYSED_CUSTOM_KINDS = new Set([
  'security.istio.io/PeerAuthentication',
  'networking.istio.io/DestinationRule',
  'policy.networking.k8s.io/AdminNetworkPolicy',
  'policy.networking.k8s.io/BaselineAdminNetworkPolicy',
  'templates.gatekeeper.sh/ConstraintTemplate',
]);

function isAnalysedCustomKind(object: KubernetesObject): boolean {
  const group = (object.apiVersion ?? '').split('/')[0]!;
  return ANALYSED_CUSTOM_KINDS.has(`${group}/${object.kind}`) || group === 'constraints.gatekeeper.sh';
}
