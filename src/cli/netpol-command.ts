import { formatScanError } from '../core/finding.js';
import { loadObjects } from '../sources/inputs.js';
import {
  analyse,
  buildModel,
  computeMatrix,
  formatAddressSet,
  formatConnections,
  isProtocol,
  MATRIX_FORMATS,
  matrixJson,
  parseAddressQuery,
  portsJson,
  reach,
  renderMatrix,
  workloadName,
  type ConnectivityMatrix,
  type MatrixFormat,
  type NetpolAnalysis,
  type Protocol,
  type ReachEndpoint,
  type ReachResult,
  type SideVerdict,
} from '../checks/analysis/netpol/index.js';
import type { CommandSpec } from './command.js';
import { INPUT_OPTIONS, resolveInputOptions } from './input-options.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, type OptionSpec } from './options.js';
import { UsageError, type CliValues } from './resolve-options.js';

export const NETPOL_OPTIONS: OptionSpec[] = [
  ...INPUT_OPTIONS,
  { name: 'format', short: 'o', type: 'string', value: 'FMT', description: 'reach: table (default) or json. matrix: table (default), json, dot, mermaid or lines (np-guard netpol-analyzer text).' },
  { name: 'from', type: 'string', value: 'NS/WORKLOAD|CIDR', description: 'reach: the source, e.g. shop/web, shop/web[Deployment] or 203.0.113.0/24.' },
  { name: 'to', type: 'string', value: 'NS/WORKLOAD|CIDR', description: 'reach: the destination.' },
  { name: 'port', type: 'string', value: 'N[/PROTO]', description: 'reach: answer for one port, e.g. 5432 or 53/UDP (TCP by default).' },
  { name: 'namespace', short: 'n', type: 'string', value: 'NS', description: 'Namespace of objects without one. Default: default.' },
];

const USAGE = 'usage: rampart netpol reach --from NS/WORKLOAD|CIDR --to NS/WORKLOAD|CIDR [--port N/PROTO] [PATH...] | matrix [--format FMT] [PATH...]';

export const netpolCommand: CommandSpec = {
  usage: 'netpol reach --from SRC --to DST [--port N/PROTO] [PATH...] | matrix [--format FMT] [PATH...] [options]',
  summary: 'Answer NetworkPolicy questions: can one workload reach another, and the full connectivity matrix.',
  options: NETPOL_OPTIONS,
  run: runNetpolCommand,
};

export async function runNetpolCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  const option = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  // The query word, then input paths (the endpoints of reach are flags, so no positional is ambiguous).
  const [query, ...paths] = positionals;
  const format = option('format') ?? 'table';
  // JSON answers are objects, so the input problems and errors can join them.
  let answer: (analysis: NetpolAnalysis, problems: Problem[]) => string | object;
  if (query === 'matrix') {
    if (!(MATRIX_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}" (use ${MATRIX_FORMATS.join(', ')})`);
    answer = (analysis, problems) => {
      const matrix = computeMatrix(analysis);
      problems.push(...matrixProblems(matrix));
      return format === 'json' ? matrixJson(matrix) : renderMatrix(matrix, format as MatrixFormat);
    };
  } else if (query === 'reach') {
    if (format !== 'table' && format !== 'json') throw new UsageError(`unknown format "${format}" for reach (use table or json)`);
    const from = option('from');
    const to = option('to');
    if (!from || !to) throw new UsageError(`reach needs --from and --to (${USAGE})`);
    const portText = option('port');
    const port = portText === undefined ? undefined : parsePort(portText);
    answer = (analysis) => {
      const result = reach(analysis, resolveEndpoint(analysis, from, '--from'), resolveEndpoint(analysis, to, '--to'), port);
      return format === 'json' ? reachJson(result) : reachTable(result);
    };
  } else {
    throw new UsageError(query ? `unknown netpol query "${query}" (${USAGE})` : USAGE);
  }
  const inputs = await resolveInputOptions(values, io, paths);
  const { objects, errors } = await loadObjects(inputs);
  const namespace = option('namespace');
  const model = buildModel(objects, namespace ? { defaultNamespace: namespace } : {});
  const problems: Problem[] = [
    ...model.policies.map((p) => ({ object: p.object, issues: p.issues, label: `NetworkPolicy ${p.namespace}/${p.name} left out of the analysis` })),
    ...model.adminPolicies.map((p) => ({ object: p.object, issues: p.issues, label: `${p.object.kind} ${p.name} left out of the analysis` })),
    ...model.adminPolicies.map((p) => ({ object: p.object, issues: p.issues.length === 0 ? p.unmodelled : [], label: `${p.object.kind} ${p.name}` })),
  ].flatMap(({ object, issues, label }) =>
    issues.map((issue) => {
      const { location } = object.locate(issue.path);
      return { file: location.file, line: location.startLine, message: `${label}: ${issue.message}` };
    }),
  );
  // Objects but no workload: a valid input (only policies, say) whose matrix is empty, which must not pass unremarked.
  if (objects.length > 0 && model.workloads.length === 0) {
    problems.push({ message: 'no workloads in the input (Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs or custom resources with a pod template), so no connection to report' });
  }
  const result = answer(analyse(model), problems);
  io.stdout(typeof result === 'string' ? result : `${JSON.stringify({ ...result, problems, errors }, null, 2)}\n`);
  for (const problem of problems) io.stderr(`rampart: warning: ${problem.file ? `${problem.file}:${problem.line}: ` : ''}${problem.message}\n`);
  for (const error of errors) io.stderr(`rampart: ${formatScanError(error)}\n`);
  return errors.some((e) => (e.level ?? 'error') === 'error') ? EXIT_CODES.scanErrors : EXIT_CODES.clean;
}

/** A warning about the input; `file` and `line` when one object is to blame. */
interface Problem {
  file?: string;
  line?: number;
  message: string;
}

/** Routed traffic the policies refuse, which the matrix cannot show. */
function matrixProblems(matrix: ConnectivityMatrix): Problem[] {
  const { model } = matrix.analysis;
  const problems: Problem[] = [];
  for (const workload of matrix.blockedExposures) {
    const via = model.exposed.get(workload)!.via[0]!;
    const { location } = via.locate([]);
    problems.push({
      file: location.file,
      line: location.startLine,
      message: `${via.kind} ${via.namespace ?? workload.namespace}/${via.name ?? ''} routes to ${workloadName(workload)}, but its policies admit nothing from an ingress controller (one outside the input only counts where a rule allows every pod of every namespace)`,
    });
  }
  return problems;
}

function parsePort(text: string): { port: number; protocol: Protocol } {
  const match = /^(\d{1,5})(?:\/([a-z]+))?$/i.exec(text.trim());
  const port = Number(match?.[1]);
  const protocol = (match?.[2] ?? 'TCP').toUpperCase();
  if (!match || port < 1 || port > 65535 || !isProtocol(protocol)) throw new UsageError(`--port must be N or N/PROTO with N in 1-65535 and PROTO TCP, UDP or SCTP, not "${text}"`);
  return { port, protocol };
}

/** A CIDR or address is external; otherwise `NS/NAME` or `NS/NAME[Kind]` names a workload of the input. */
function resolveEndpoint(analysis: NetpolAnalysis, text: string, flag: string): ReachEndpoint {
  const addresses = parseAddressQuery(text);
  if (addresses) return { type: 'external', cidr: text, addresses };
  const match = /^([^/\s]+)\/([^/[\s]+)(?:\[([A-Za-z]+)\])?$/.exec(text);
  if (!match) throw new UsageError(`${flag} must be NS/WORKLOAD, NS/WORKLOAD[Kind] or a CIDR, not "${text}"`);
  const [, namespace, name, kind] = match;
  const candidates = analysis.model.workloads.filter((w) => w.namespace === namespace && w.name === name && (!kind || w.kind === kind));
  if (candidates.length === 0) throw new UsageError(`${flag}: no workload ${text} in the input`);
  if (candidates.length > 1) throw new UsageError(`${flag}: ${text} is ambiguous, name the kind: ${candidates.map(workloadName).join(', ')}`);
  return { type: 'workload', workload: candidates[0]! };
}

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

function reachJson(result: ReachResult): Record<string, unknown> {
  const endpoint = (e: ReachEndpoint) =>
    e.type === 'workload'
      ? { type: 'workload', namespace: e.workload.namespace, name: e.workload.name, kind: e.workload.kind }
      : { type: 'external', cidr: e.cidr, range: formatAddressSet(e.addresses) };
  const side = (v: SideVerdict | undefined) =>
    v && {
      isolated: v.isolatedBy.length > 0,
      isolatedBy: v.isolatedBy,
      connections: formatConnections(v.connections),
      allowedBy: v.allowedBy.map((m) => ({ ...m, connections: formatConnections(m.connections), ports: portsJson(m.connections) })),
      ...(v.admin ? { admin: v.admin.map((m) => ({ ...m, decided: formatConnections(m.decided), ports: portsJson(m.decided) })) } : {}),
    };
  return {
    schemaVersion: '1',
    from: endpoint(result.from),
    to: endpoint(result.to),
    allowed: result.allowed,
    ...(result.port ? { port: result.port } : {}),
    connections: formatConnections(result.connections),
    ports: portsJson(result.connections),
    sameWorkload: result.sameWorkload,
    ...(result.egress ? { egress: side(result.egress) } : {}),
    ...(result.ingress ? { ingress: side(result.ingress) } : {}),
  };
}
