import { formatConnections } from '../../checks/analysis/netpol/connections.js';
import type { ConnectivityMatrix } from '../../checks/analysis/netpol/matrix.js';
import type { ReachEndpoint, ReachResult, SideVerdict } from '../../checks/analysis/netpol/reach.js';
import { matrixRows, workloadName } from '../../checks/analysis/netpol/rows.js';
import type { AnswerFormatter } from '../answer.js';
import { columns } from '../columns.js';

// Input problems and scan errors are the command's warnings, so text formats show the answer alone.

export const matrixTableFormatter: AnswerFormatter<'table', ConnectivityMatrix> = {
  name: 'table',
  format: (matrix, context) => columns(['SOURCE', 'DESTINATION', 'CONNECTIONS'], matrixRows(matrix).map((r) => [r.src, r.dst, formatConnections(r.connections)]), context.width),
};

export const reachTableFormatter: AnswerFormatter<'table', ReachResult> = {
  name: 'table',
  format: (result) => reachTable(result),
};

function endpointText(endpoint: ReachEndpoint): string {
  return endpoint.type === 'workload' ? workloadName(endpoint.workload) : endpoint.cidr;
}

function reachTable(result: ReachResult): string {
  const verdict = result.allowed ? 'ALLOWED' : 'DENIED';
  const what = result.port ? `${result.port.protocol} ${result.port.port}` : formatConnections(result.connections);
  const lines = [`${verdict}: ${endpointText(result.from)} => ${endpointText(result.to)} : ${what}`];
  if (result.port && result.allowed) lines[0] += ` (all allowed: ${formatConnections(result.connections)})`;
  if (result.sameWorkload) lines.push('Same workload on both sides: a pod can always reach itself; the verdict is for traffic between its replicas.');
  if (result.from.type === 'external' && result.to.type === 'external') lines.push('NetworkPolicies only govern traffic to or from pods.');
  const side = (title: string, verdict: SideVerdict | undefined) => {
    if (!verdict) return;
    if (verdict.isolatedBy.length === 0 && !verdict.admin) {
      lines.push(`${title}: not isolated (no NetworkPolicy selects it), everything allowed`);
      return;
    }
    const isolation = verdict.isolatedBy.length > 0 ? `isolated by ${verdict.isolatedBy.map((p) => `${p.namespace}/${p.name}`).join(', ')}` : 'no NetworkPolicy isolates it';
    lines.push(`${title}: ${isolation}; allows ${formatConnections(verdict.connections)}`);
    for (const match of verdict.admin ?? []) {
      const priority = match.priority === undefined ? '' : ` (priority ${match.priority})`;
      lines.push(`  ${match.kind} ${match.name}${priority} ${match.rule}${match.ruleName ? ` "${match.ruleName}"` : ''}: ${match.action} ${formatConnections(match.decided)}`);
    }
    if (verdict.isolatedBy.length > 0 && verdict.allowedBy.length === 0) lines.push('  no NetworkPolicy rule names the peer');
    for (const match of verdict.allowedBy) {
      lines.push(`  ${match.partial ? 'partly covers the range (not counted)' : 'allowed by'} ${match.policy.namespace}/${match.policy.name} ${match.rule}: ${formatConnections(match.connections)}`);
    }
  };
  side(`Egress of ${endpointText(result.from)}`, result.egress);
  side(`Ingress of ${endpointText(result.to)}`, result.ingress);
  return `${lines.join('\n')}\n`;
}
