import { auditPolicy, etcdUniqueCa } from './config-rules.js';
import { fileRules } from './file-rules.js';
import { flagRules } from './flag-rules.js';
import type { NodeRule } from './rule.js';

/** Every CIS control-plane and node check, `rampart node`'s rules. */
export const nodeRules: NodeRule[] = [...fileRules, ...flagRules, auditPolicy, etcdUniqueCa];
