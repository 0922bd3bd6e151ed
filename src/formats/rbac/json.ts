import type { RbacAnswer } from '../../checks/analysis/rbac/answer.js';
import { formatSubject } from '../../checks/analysis/rbac/subjects.js';
import { jsonAnswer, type AnswerFormatter } from '../answer.js';
import { pathText, permissionRecords, queryRecord, stepRecords, whoCanRecords } from './records.js';

export const rbacJsonFormatter: AnswerFormatter<'json', RbacAnswer> = {
  name: 'json',
  format: (answer, context) => jsonAnswer(body(answer), context),
};

function body(answer: RbacAnswer): object {
  switch (answer.kind) {
    case 'who-can':
      return { query: queryRecord(answer.query), answers: whoCanRecords(answer.answers) };
    case 'can':
      return { subject: formatSubject(answer.subject), permissions: permissionRecords(answer.permissions) };
    case 'path':
      return { subject: formatSubject(answer.subject), reachesClusterAdmin: !!answer.path, path: stepRecords(answer.path), text: pathText(answer.path) ?? null };
  }
}
