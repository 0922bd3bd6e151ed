import { listWorkloads } from '../../../analysis/mesh/inventory.js';
import { describePolicy, type MtlsMode } from '../../../analysis/mesh/peer-authentication.js';
import type { Workload } from '../../../analysis/mesh/types.js';
import type { SetRuleContext } from '../rule.js';
import { meshAnalysis } from './analysis.js';

/**
 * Reports every policy-wide and port-level `mode` equal to `mode`, naming the meshed Istio workloads
 * that take their effective mode from that very setting (a more specific policy may override it).
 */
export function reportPeerAuthenticationMode(context: SetRuleContext, mode: MtlsMode, consequence: string): void {
  const analysis = meshAnalysis(context);
  const istioWorkloads = analysis.workloads.filter((w) => w.mesh === 'istio' && w.mtls);
  for (const policy of analysis.peerAuthentications) {
    if (policy.rejected || !policy.level) continue;
    if (policy.mode === mode) {
      const affected = istioWorkloads.filter((w) => w.mtls!.source === policy).map((w) => w.workload);
      context.report({
        object: policy.object,
        path: policy.modePath,
        message: `${describePolicy(policy)} sets mtls.mode ${mode}: ${consequence}; ${affectedText(affected)}`,
      });
    }
    for (const port of policy.ports) {
      if (port.mode !== mode) continue;
      const affected = istioWorkloads.filter((w) => w.mtls!.ports.some((p) => p.source === policy && p.port === port.port)).map((w) => w.workload);
      context.report({
        object: policy.object,
        path: port.path,
        message: `${describePolicy(policy)} sets portLevelMtls ${port.port} mode ${mode}: ${consequence} on port ${port.port}; ${affectedText(affected)}`,
      });
    }
  }
}

function affectedText(workloads: readonly Workload[]): string {
  return workloads.length > 0 ? `applies to ${listWorkloads(workloads)}` : 'no meshed workload in the input takes its mode from it';
}
