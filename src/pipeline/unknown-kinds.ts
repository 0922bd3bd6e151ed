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

/**
 * Custom resources some analysis reads: the mesh analysis reads every Istio and Linkerd resource (VirtualService and
 * ServiceEntry included, see MESH_READS), the NetworkPolicy model admin network policies and OpenShift Routes, users'
 * Gatekeeper policies their templates and constraints. Calling them unknown would tell users they were not looked at.
 */
const ANALYSED_CUSTOM_KINDS = new Set([
  'policy.networking.k8s.io/AdminNetworkPolicy',
  'policy.networking.k8s.io/BaselineAdminNetworkPolicy',
  'route.openshift.io/Route',
  'templates.gatekeeper.sh/ConstraintTemplate',
]);
const ANALYSED_GROUPS = ['istio.io', 'linkerd.io'];

function isAnalysedCustomKind(object: KubernetesObject): boolean {
  const group = (object.apiVersion ?? '').split('/')[0]!;
  if (ANALYSED_GROUPS.some((suffix) => group === suffix || group.endsWith(`.${suffix}`))) return true;
  return ANALYSED_CUSTOM_KINDS.has(`${group}/${object.kind}`) || group === 'constraints.gatekeeper.sh';
}
