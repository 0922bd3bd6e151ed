import { terminalSafe } from '../../core/terminal.js';
import type { RbacAnswer } from '../../checks/analysis/rbac/answer.js';
import type { WhoCanQuery } from '../../checks/analysis/rbac/queries.js';
import { formatSubject } from '../../checks/analysis/rbac/subjects.js';
import type { AnswerFormatter } from '../answer.js';
import { columns } from '../columns.js';
import { objectText, pathText, permissionRecords, stepRecords, whoCanRecords } from './records.js';

/** Input problems and scan errors are the command's warnings, so the table shows the answer alone. */
export const rbacTableFormatter: AnswerFormatter<'table', RbacAnswer> = {
  name: 'table',
  // Subjects, roles and paths are names from the input: none of their escape sequences reach a terminal.
  format: (answer, context) => terminalSafe(table(answer, context.width)),
};

function table(answer: RbacAnswer, width: number | undefined): string {
  switch (answer.kind) {
    case 'who-can': {
      const { query } = answer;
      const rows = whoCanRecords(answer.answers);
      const note = query.kind === 'resource' && query.apiGroup === undefined ? `note: the API group of "${query.resource}" is unknown, so rules of every group match; name it as RESOURCE.GROUP to be exact\n` : '';
      if (rows.length === 0) return `${note}Nobody in the input can ${describeQuery(query)}.\n`;
      return note + columns(['SUBJECT', 'SCOPE', 'BINDING', 'ROLE', 'RULE'], rows.map((r) => [r.subject, r.scope, objectText(r.binding), objectText(r.role), r.rule.text]), width);
    }
    case 'can': {
      const permissions = permissionRecords(answer.permissions);
      if (permissions.length === 0) return `${formatSubject(answer.subject)} has no permissions in the input.\n`;
      return columns(['SCOPE', 'RULE', 'VIA', 'BINDING', 'ROLE'], permissions.map((p) => [p.scope, p.rule.text, p.via, objectText(p.binding), objectText(p.role)]), width);
    }
    case 'path': {
      const text = pathText(answer.path);
      if (text === undefined) return `No path from ${formatSubject(answer.subject)} to cluster-admin in the input.\n`;
      const steps = stepRecords(answer.path);
      return `${text}\n\n${columns(['STEP', 'FROM', 'ACTION', 'TO', 'GRANTED BY'], steps.map((s, i) => [String(i + 1), s.from, s.action, s.to, s.binding ? objectText(s.binding) : '-']), width)}`;
    }
  }
}

function describeQuery(query: WhoCanQuery): string {
  if (query.kind === 'nonResource') return `${query.verb} ${query.path}`;
  const resource = `${query.resource}${query.subresource ? `/${query.subresource}` : ''}${query.apiGroup ? ` (group "${query.apiGroup}")` : ''}`;
  return `${query.verb} ${resource}${query.name ? ` named ${query.name}` : ''}${query.namespace ? ` in namespace ${query.namespace}` : ''}`;
}
