import { terminalSafe } from '../core/terminal.js';
import { formatScanError } from '../core/finding.js';
import { inputSource } from '../sources/inputs.js';
import { loadObjects } from '../pipeline/objects.js';
import { answerRbacQuestion, type RbacQuestion } from '../checks/analysis/rbac/answer.js';
import { buildRbacModel } from '../checks/analysis/rbac/model.js';
import type { WhoCanQuery } from '../checks/analysis/rbac/queries.js';
import { resolveResource } from '../checks/analysis/rbac/resources.js';
import { parseSubject } from '../checks/analysis/rbac/subjects.js';
import { RBAC_FORMATTERS } from '../formats/rbac/index.js';
import type { CommandSpec } from './command.js';
import { INPUT_OPTIONS, resolveInputOptions } from './input-options.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, OUTPUT_OPTION, WIDE_OPTION, type OptionSpec } from './options.js';
import { widthOf, writeOutput } from './output.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

export const RBAC_OPTIONS: OptionSpec[] = [
  ...INPUT_OPTIONS,
  { name: 'format', type: 'string', value: 'FMT', description: 'Output format: table (default) or json.' },
  OUTPUT_OPTION,
  WIDE_OPTION,
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

export async function runRbacCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  const format = typeof values.format === 'string' ? values.format : 'table';
  if (!RBAC_FORMATTERS.has(format)) throw new UsageError(`unknown format "${format}" (use ${RBAC_FORMATTERS.names.join(' or ')})`);
  const [query, ...args] = positionals;
  const { question, paths } = parseQuestion(query, args, values);
  const { objects, errors } = await loadObjects([inputSource(await resolveInputOptions(values, io, paths))]);
  const model = buildRbacModel(objects);
  const problems = model.problems.map((p) => {
    const { location } = p.object.locate(p.path);
    return { file: location.file, line: location.startLine, message: p.message };
  });
  await writeOutput(RBAC_FORMATTERS.get(format).format(answerRbacQuestion(model, question), { problems, errors, ...widthOf(values, io) }), values, io);
  for (const problem of problems) io.stderr(`rampart: warning: ${terminalSafe(`${problem.file}:${problem.line}: ${problem.message}`)}\n`);
  for (const error of errors) io.stderr(`rampart: ${formatScanError(error)}\n`);
  return errors.some((e) => (e.level ?? 'error') === 'error') ? EXIT_CODES.scanErrors : EXIT_CODES.clean;
}

/** The query words come first (who-can: VERB RESOURCE; can, path: SUBJECT); every positional after them is an input path. */
function parseQuestion(query: string | undefined, args: string[], values: CliValues): { question: RbacQuestion; paths: string[] } {
  const option = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  switch (query) {
    case 'who-can': {
      if (args.length < 2) throw new UsageError(`who-can takes VERB and RESOURCE (${USAGE})`);
      const whoCan = parseWhoCan(args[0]!, args[1]!, option('namespace'), option('name'), option('subresource'));
      return { question: { kind: 'who-can', query: whoCan }, paths: args.slice(2) };
    }
    case 'can':
    case 'path': {
      if (args.length < 1) throw new UsageError(`${query} takes one SUBJECT (${USAGE})`);
      const subject = parseSubject(args[0]!);
      if (!subject) throw new UsageError(`cannot read subject "${args[0]}" (use alice, user:alice, group:devs, sa:NS/NAME or system:serviceaccount:NS:NAME)`);
      return { question: { kind: query, subject }, paths: args.slice(1) };
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
