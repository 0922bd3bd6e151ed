import type { KubernetesSetRule } from '../rule.js';
import { allowAllIngress } from './allow-all-ingress.js';
import { dataPortExposed } from './data-port-exposed.js';
import { namespaceNoDefaultDenyEgress, namespaceNoDefaultDenyIngress } from './default-deny.js';
import { egressAnyAddress } from './egress-any-address.js';
import { invalidPolicy } from './invalid-policy.js';
import { selectsNothing } from './selects-nothing.js';
import { workloadNotSelected } from './workload-not-selected.js';

export const netpolRules: KubernetesSetRule[] = [
  invalidPolicy,
  namespaceNoDefaultDenyIngress,
  namespaceNoDefaultDenyEgress,
  workloadNotSelected,
  selectsNothing,
  allowAllIngress,
  egressAnyAddress,
  dataPortExposed,
];
