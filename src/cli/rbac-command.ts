import { formatScanError } from '../core/finding.js';
import { loadObjects } from '../sources/inputs.js';
import { buildEscalationGraph, formatPath, type EscalationEdge } from '../checks/analysis/rbac/escalation.js';
import { buildRbacModel, describeRule, type BindingDef, type RbacModel, type RoleDef, type RuleRef } from '../checks/analysis/rbac/model.js';
import { buildWhoCanIndex, permissionsOf, type WhoCanQuery } from '../checks/analysis/rbac/queries.js';
import { resolveResource } from '../checks/analysis/rbac/resources.js';
import { formatSubject, parseSubject, type Subject } from '../checks/analysis/rbac/subjects.js';
import type { CommandSpec } from './command.js';
import { INPUT_OPTIONS, resolveInputOptions } from './input-options.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, type OptionSpec } from './options.js';
import { UsageError, type CliValues } from './resolve-options.js';

export const RBAC_OPTIONS: OptionSpec[] = [
  ...INPUT_OPTIONS,
  { name: 'format', short: 'o', type: 'string', value: 'FMT', description: 'Output format: table (default) or json.' },
  { name: 'namespace', short: 'n', type: 'string', value: 'NS', description: 'who-can: the namespace of the request (ClusterRoleBindings plus RoleBindings of NS). Default: any namespace.' },
  { name: 'name', type: 'string', value: 'NAME', description: 'who-can: the name of the object (matches rules with resourceNames).' },
  { name: 'subresource', type: 'string', value: 'SUB', description: 'who-can: the subresource, e.g. exec (same as RESOURCE/SUB).' },
];

const USAGE = 'usage: rampart rbac who-can VERB RESOURCE|/URL [PATH...] | can SUBJECT [PATH...] | path SUBJECT [PATH...]';

export const rbacCommand: CommandSpec = {
  usage: 'rbac who-can VERB RESOURCE [PATH...] | can SUBJECT [PATH...] | path SUBJECT [PATH...] [options]',
  summary: 'Answer RBAC questions: who can do what, what a subject can do, and how it can escalate to cluster-admin.',
  options: RBAC_OPTIONS,
  run: runRbacCommand,
};

interface Located {
  file: string;
  line: number;
}

export async function runRbacCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  const format = typeof values.format === 'string' ? values.format : 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`unknown format "${format}" (use table or json)`);
  const [query, ...args] = positionals;
  const { run, paths } = parseQuery(query, args, values);
  const { objects, errors } = await loadObjects(await resolveInputOptions(values, io, paths));
  const model = buildRbacModel(objects);
  const result = run(model);
  const problems = model.problems.map((p) => ({ ...at(p.object.locate(p.path).location), message: p.message }));
  if (format === 'json') io.stdout(`${JSON.stringify({ ...result.json, problems, errors }, null, 2)}\n`);
  else io.stdout(result.table);
  for (const problem of problems) io.stderr(`rampart: warning: ${problem.file}:${problem.line}: ${problem.message}\n`);
  for (const error of errors) io.stderr(`rampart: ${formatScanError(error)}\n`);
  return errors.some((e) => (e.level ?? 'error') === 'error') ? EXIT_CODES.scanErrors : EXIT_CODES.clean;
}

type QueryRun = (model: RbacModel) => { json: Record<string, unknown>; table: string };

/** The query words come first (who-can: VERB RESOURCE; can, path: SUBJECT); every positional after them is an input path. */
function parseQuery(query: string | undefined, args: string[], values: CliValues): { run: QueryRun; paths: string[] } {
  const option = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  switch (query) {
    case 'who-can': {
      if (args.length < 2) throw new UsageError(`who-can takes VERB and RESOURCE (${USAGE})`);
      const whoCan = parseWhoCan(args[0]!, args[1]!, option('namespace'), option('name'), option('subresource'));
      return { run: (model) => whoCanResult(model, whoCan), paths: args.slice(2) };
    }
    case 'can':
    case 'path': {
      if (args.length < 1) throw new UsageError(`${query} takes one SUBJECT (${USAGE})`);
      const subject = parseSubject(args[0]!);
      if (!subject) throw new UsageError(`cannot read subject "${args[0]}" (use alice, user:alice, group:devs, sa:NS/NAME or system:serviceaccount:NS:NAME)`);
      return { run: query === 'can' ? (model) => canResult(model, subject) : (model) => pathResult(model, subject), paths: args.slice(1) };
    }
    default:
      throw new UsageError(query ? `unknown rbac query "${query}" (${USAGE})` : USAGE);
  }
}

export function parseWhoCan(verb: string, target: string, namespace?: string, name?: string, subresourceOption?: string): WhoCanQuery {
  if (!/^[a-z*][a-zA-Z*]*$/.test(verb)) throw new UsageError(`"${verb}" is not a verb (e.g. get, create, *)`);
  if (target.startsWith('/')) {
    if (namespace || name || subresourceOption) throw new UsageError('--namespace, --name and --subresource do not apply to a non-resource URL');
    return { kind: 'nonResource', verb, path: target };
  }
  const [resourcePart, subresourcePart, ...rest] = target.split('/');
  if (!resourcePart || rest.length > 0 || subresourcePart === '') throw new UsageError(`cannot read resource "${target}" (use RESOURCE[.GROUP][/SUBRESOURCE])`);
  if (subresourcePart && subresourceOption && subresourcePart !== subresourceOption) throw new UsageError(`--subresource ${subresourceOption} contradicts ${target}`);
  const subresource = subresourcePart ?? subresourceOption;
  const resolved = resolveResource(resourcePart);
  return {
    kind: 'resource',
    verb,
    resource: resolved.resource,
    ...(resolved.group !== undefined ? { apiGroup: resolved.group } : {}),
    ...(subresource ? { subresource } : {}),
    ...(name ? { name } : {}),
    ...(namespace ? { namespace } : {}),
    namespaced: resolved.namespaced,
  };
}

function whoCanResult(model: RbacModel, query: WhoCanQuery) {
  const answers = buildWhoCanIndex(model).query(query);
  const rows = answers.map((a) => ({
    subject: formatSubject(a.subject),
    scope: a.scope ?? 'cluster',
    binding: bindingJson(a.binding),
    role: roleJson(a.role),
    rule: ruleJson(a.ruleRef),
  }));
  const describeQuery = query.kind === 'nonResource' ? `${query.verb} ${query.path}` : describeResourceQuery(query);
  const note = query.kind === 'resource' && query.apiGroup === undefined ? `note: the API group of "${query.resource}" is unknown, so rules of every group match; name it as RESOURCE.GROUP to be exact\n` : '';
  const table = rows.length === 0
    ? `${note}Nobody in the input can ${describeQuery}.\n`
    : note + renderTable(['SUBJECT', 'SCOPE', 'BINDING', 'ROLE', 'RULE'], rows.map((r) => [r.subject, r.scope, refText(r.binding), refText(r.role), r.rule.text]));
  return { json: { query: queryJson(query), answers: rows }, table };
}

function describeResourceQuery(query: Extract<WhoCanQuery, { kind: 'resource' }>): string {
  const resource = `${query.resource}${query.subresource ? `/${query.subresource}` : ''}${query.apiGroup ? ` (group "${query.apiGroup}")` : ''}`;
  return `${query.verb} ${resource}${query.name ? ` named ${query.name}` : ''}${query.namespace ? ` in namespace ${query.namespace}` : ''}`;
}

function queryJson(query: WhoCanQuery): Record<string, unknown> {
  if (query.kind === 'nonResource') return { verb: query.verb, nonResourceURL: query.path };
  const { kind: _kind, ...rest } = query;
  return rest;
}

function canResult(model: RbacModel, subject: Subject) {
  const permissions = permissionsOf(model, subject).map((p) => ({
    scope: p.scope ?? 'cluster',
    verbs: p.rule.verbs,
    apiGroups: p.rule.apiGroups,
    resources: p.rule.resources,
    resourceNames: p.rule.resourceNames,
    nonResourceURLs: p.rule.nonResourceURLs,
    via: formatSubject(p.grant.entry.subject),
    binding: bindingJson(p.grant.binding),
    role: roleJson(p.grant.role),
    rule: ruleJson(p.grant.ruleRef),
  }));
  const name = formatSubject(subject);
  const table = permissions.length === 0
    ? `${name} has no permissions in the input.\n`
    : renderTable(['SCOPE', 'RULE', 'VIA', 'BINDING', 'ROLE'], permissions.map((p) => [p.scope, p.rule.text, p.via, refText(p.binding), refText(p.role)]));
  return { json: { subject: name, permissions }, table };
}

function pathResult(model: RbacModel, subject: Subject) {
  const path = buildEscalationGraph(model, [subject]).pathFrom(subject);
  const name = formatSubject(subject);
  const steps = (path ?? []).map((edge: EscalationEdge) => ({
    from: edge.from,
    to: edge.to,
    action: edge.label,
    ...(edge.grant ? { binding: bindingJson(edge.grant.binding), role: roleJson(edge.grant.role), rule: ruleJson(edge.grant.ruleRef) } : {}),
  }));
  const text = path ? formatPath(path) : undefined;
  const table = path
    ? `${text}\n\n${renderTable(['STEP', 'FROM', 'ACTION', 'TO', 'GRANTED BY'], steps.map((s, i) => [String(i + 1), s.from, s.action, s.to, s.binding ? refText(s.binding) : '-']))}`
    : `No path from ${name} to cluster-admin in the input.\n`;
  return { json: { subject: name, reachesClusterAdmin: !!path, path: steps, text: text ?? null }, table };
}

function bindingJson(binding: BindingDef) {
  return { kind: binding.kind, name: binding.name, ...(binding.namespace ? { namespace: binding.namespace } : {}), ...at(binding.object.locate([]).location) };
}

function roleJson(role: RoleDef) {
  const location = role.object ? at(role.object.locate([]).location) : {};
  return { kind: role.kind, name: role.name, ...(role.namespace ? { namespace: role.namespace } : {}), builtIn: role.builtIn, ...location };
}

function ruleJson(ref: RuleRef) {
  const location = ref.source.object ? at(ref.source.object.locate(ref.path).location) : {};
  return { text: describeRule(ref.rule), role: `${ref.source.kind}/${ref.source.name}`, index: Number(ref.path[1]), ...location };
}

function at(location: { file: string; startLine: number }): Located {
  return { file: location.file, line: location.startLine };
}

function refText(ref: { kind: string; name: string; namespace?: string; file?: string; line?: number }): string {
  const where = ref.file ? ` (${ref.file}:${ref.line})` : '';
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}${where}`;
}

function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}
