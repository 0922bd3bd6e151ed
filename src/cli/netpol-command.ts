import { terminalSafe } from '../core/terminal.js';
import { formatScanError, type ScanError } from '../core/finding.js';
import { inputSource } from '../sources/inputs.js';
import { loadObjects } from '../pipeline/objects.js';
import {
  analyse,
  buildModel,
  computeMatrix,
  isProtocol,
  parseAddressQuery,
  reach,
  workloadName,
  type ConnectivityMatrix,
  type NetpolAnalysis,
  type Protocol,
  type ReachEndpoint,
} from '../checks/analysis/netpol/index.js';
import type { InputProblem } from '../formats/answer.js';
import { MATRIX_FORMATTERS, REACH_FORMATTERS } from '../formats/netpol/index.js';
import type { CommandSpec } from './command.js';
import { INPUT_OPTIONS, resolveInputOptions } from './input-options.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, OUTPUT_OPTION, WIDE_OPTION, type OptionSpec } from './options.js';
import { widthOf, writeOutput } from './output.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

export const NETPOL_OPTIONS: OptionSpec[] = [
  ...INPUT_OPTIONS,
  OUTPUT_OPTION,
  WIDE_OPTION,
  { name: 'format', type: 'string', value: 'FMT', description: 'reach: table (default) or json. matrix: table (default), json, dot, mermaid or lines (np-guard netpol-analyzer text).' },
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
  // The answer, formatted; JSON carries the input problems and scan errors too, so they must be complete first.
  let answer: (analysis: NetpolAnalysis, problems: InputProblem[], errors: ScanError[]) => string;
  // `reach` answers like `kubectl auth can-i`: exit 1 when the connection is refused, so scripts can test it.
  let refused = false;
  if (query === 'matrix') {
    if (!MATRIX_FORMATTERS.has(format)) throw new UsageError(`unknown format "${format}" (use ${MATRIX_FORMATTERS.names.join(', ')})`);
    const formatter = MATRIX_FORMATTERS.get(format);
    answer = (analysis, problems, errors) => {
      const matrix = computeMatrix(analysis);
      problems.push(...matrixProblems(matrix));
      return formatter.format(matrix, { problems, errors, ...widthOf(values, io) });
    };
  } else if (query === 'reach') {
    if (!REACH_FORMATTERS.has(format)) throw new UsageError(`unknown format "${format}" for reach (use ${REACH_FORMATTERS.names.join(' or ')})`);
    const formatter = REACH_FORMATTERS.get(format);
    const from = option('from');
    const to = option('to');
    if (!from || !to) throw new UsageError(`reach needs --from and --to (${USAGE})`);
    const portText = option('port');
    const port = portText === undefined ? undefined : parsePort(portText);
    answer = (analysis, problems, errors) => {
      const result = reach(analysis, resolveEndpoint(analysis, from, '--from'), resolveEndpoint(analysis, to, '--to'), port);
      refused = !result.allowed;
      return formatter.format(result, { problems, errors });
    };
  } else {
    throw new UsageError(query ? `unknown netpol query "${query}" (${USAGE})` : USAGE);
  }
  const inputs = await resolveInputOptions(values, io, paths);
  const { objects, errors } = await loadObjects([inputSource(inputs)]);
  const namespace = option('namespace');
  const model = buildModel(objects, namespace ? { defaultNamespace: namespace } : {});
  const problems: InputProblem[] = [
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
  await writeOutput(answer(analyse(model), problems, errors), values, io);
  for (const problem of problems) io.stderr(`rampart: warning: ${terminalSafe(`${problem.file ? `${problem.file}:${problem.line}: ` : ''}${problem.message}`)}\n`);
  for (const error of errors) io.stderr(`rampart: ${formatScanError(error)}\n`);
  if (errors.some((e) => (e.level ?? 'error') === 'error')) return EXIT_CODES.scanErrors;
  return refused ? EXIT_CODES.findings : EXIT_CODES.clean;
}

/** Routed traffic the policies refuse, which the matrix cannot show. */
function matrixProblems(matrix: ConnectivityMatrix): InputProblem[] {
  const { model } = matrix.analysis;
  const problems: InputProblem[] = [];
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
