import { buildEscalationGraph, type EscalationEdge } from './escalation.js';
import type { RbacModel } from './model.js';
import { buildWhoCanIndex, permissionsOf, type Permission, type WhoCanAnswer, type WhoCanQuery } from './queries.js';
import type { Subject } from './subjects.js';

/** The questions `rampart rbac` answers. */
export type RbacQuestion = { kind: 'who-can'; query: WhoCanQuery } | { kind: 'can'; subject: Subject } | { kind: 'path'; subject: Subject };

/** A question with its answer, as plain data: the output formats present it. */
export type RbacAnswer =
  | { kind: 'who-can'; query: WhoCanQuery; answers: WhoCanAnswer[] }
  | { kind: 'can'; subject: Subject; permissions: Permission[] }
  /** `path` is undefined when the input has no path to cluster-admin. */
  | { kind: 'path'; subject: Subject; path: EscalationEdge[] | undefined };

export function answerRbacQuestion(model: RbacModel, question: RbacQuestion): RbacAnswer {
  switch (question.kind) {
    case 'who-can':
      return { ...question, answers: buildWhoCanIndex(model).query(question.query) };
    case 'can':
      return { ...question, permissions: permissionsOf(model, question.subject) };
    case 'path':
      return { ...question, path: buildEscalationGraph(model, [question.subject]).pathFrom(question.subject) };
  }
}
