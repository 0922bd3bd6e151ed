/**
 * The answers of the RBAC analysis as records that name every binding, role and rule with the file and line it comes
 * from: the JSON output is these records, and the table shows the same facts.
 */
import { formatPath, type EscalationEdge } from '../../checks/analysis/rbac/escalation.js';
import { describeRule, type BindingDef, type RoleDef, type RuleRef } from '../../checks/analysis/rbac/model.js';
import type { Permission, WhoCanAnswer, WhoCanQuery } from '../../checks/analysis/rbac/queries.js';
import { formatSubject } from '../../checks/analysis/rbac/subjects.js';

interface Located {
  file: string;
  line: number;
}

export interface ObjectRecord extends Partial<Located> {
  kind: string;
  name: string;
  namespace?: string;
}

export function whoCanRecords(answers: readonly WhoCanAnswer[]) {
  return answers.map((a) => ({
    subject: formatSubject(a.subject),
    scope: a.scope ?? 'cluster',
    binding: bindingRecord(a.binding),
    role: roleRecord(a.role),
    rule: ruleRecord(a.ruleRef),
  }));
}

export function queryRecord(query: WhoCanQuery): Record<string, unknown> {
  if (query.kind === 'nonResource') return { verb: query.verb, nonResourceURL: query.path };
  const { kind: _kind, ...rest } = query;
  return rest;
}

export function permissionRecords(permissions: readonly Permission[]) {
  return permissions.map((p) => ({
    scope: p.scope ?? 'cluster',
    verbs: p.rule.verbs,
    apiGroups: p.rule.apiGroups,
    resources: p.rule.resources,
    resourceNames: p.rule.resourceNames,
    nonResourceURLs: p.rule.nonResourceURLs,
    via: formatSubject(p.grant.entry.subject),
    binding: bindingRecord(p.grant.binding),
    role: roleRecord(p.grant.role),
    rule: ruleRecord(p.grant.ruleRef),
  }));
}

export function stepRecords(path: readonly EscalationEdge[] | undefined) {
  return (path ?? []).map((edge) => ({
    from: edge.from,
    to: edge.to,
    action: edge.label,
    ...(edge.grant ? { binding: bindingRecord(edge.grant.binding), role: roleRecord(edge.grant.role), rule: ruleRecord(edge.grant.ruleRef) } : {}),
  }));
}

/** `user:alice -(create pods in ci)-> ...`, or undefined when there is no path. */
export function pathText(path: readonly EscalationEdge[] | undefined): string | undefined {
  return path ? formatPath(path) : undefined;
}

/** `RoleBinding ci/deployer (rbac.yaml:12)`. */
export function objectText(record: ObjectRecord): string {
  const where = record.file ? ` (${record.file}:${record.line})` : '';
  return `${record.kind} ${record.namespace ? `${record.namespace}/` : ''}${record.name}${where}`;
}

function bindingRecord(binding: BindingDef) {
  return { kind: binding.kind, name: binding.name, ...(binding.namespace ? { namespace: binding.namespace } : {}), ...at(binding.object.locate([]).location) };
}

function roleRecord(role: RoleDef) {
  const location = role.object ? at(role.object.locate([]).location) : {};
  return { kind: role.kind, name: role.name, ...(role.namespace ? { namespace: role.namespace } : {}), builtIn: role.builtIn, ...location };
}

function ruleRecord(ref: RuleRef) {
  const location = ref.source.object ? at(ref.source.object.locate(ref.path).location) : {};
  return { text: describeRule(ref.rule), role: `${ref.source.kind}/${ref.source.name}`, index: Number(ref.path[1]), ...location };
}

function at(location: { file: string; startLine: number }): Located {
  return { file: location.file, line: location.startLine };
}
