import type { RbacAnswer } from '../../checks/analysis/rbac/answer.js';
import type { AnswerFormatter } from '../answer.js';
import { FormatSet } from '../format-set.js';
import { rbacJsonFormatter } from './json.js';
import { rbacTableFormatter } from './table.js';

export type RbacFormat = 'table' | 'json';

export const RBAC_FORMATTERS = new FormatSet<RbacFormat, AnswerFormatter<RbacFormat, RbacAnswer>>('rbac', [rbacTableFormatter, rbacJsonFormatter]);
