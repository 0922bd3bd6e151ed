import type { JsonPath } from '../../../core/fix.js';
import type { KubernetesObject } from '../../../parsers/kubernetes/objects.js';
import type { PodTemplate } from '../../../parsers/kubernetes/workloads.js';

export type MeshName = 'istio' | 'linkerd';
export type InboundMtls = 'strict' | 'permissive' | 'disabled' | 'n/a';

/** The public, stable view of one workload: what `meshPosture` returns. */
export interface WorkloadPosture {
  namespace: string;
  name: string;
  kind: string;
  mesh: MeshName | 'none';
  injected: boolean;
  /** The weakest inbound mode over the workload's ports; `n/a` when no mesh is in use at all. */
  inboundMtls: InboundMtls;
  reasons: string[];
}

export interface MeshOptions {
  /** Namespace of objects that declare none (`--namespace`); default `default`. */
  defaultNamespace?: string;
  /** Istio root namespace; default the IstioOperator's `spec.meshConfig.rootNamespace`, else `istio-system`. */
  rootNamespace?: string;
}

/** A field of the input, for findings to point at. */
export interface FieldRef {
  object: KubernetesObject;
  path: JsonPath;
}

export interface NamespaceInfo {
  name: string;
  /** Absent when the Namespace object is not part of the input: its labels are unknown. */
  object?: KubernetesObject;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface Workload {
  object: KubernetesObject;
  pod: PodTemplate;
  namespace: string;
  name: string;
  kind: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Why the input counts as using a mesh; also where a mesh-wide finding is anchored. */
export interface MeshEvidence extends FieldRef {
  description: string;
}
