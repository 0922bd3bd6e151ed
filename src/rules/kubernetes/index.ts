import type { KubernetesRule } from './rule.js';
import { pssRules } from './pss/index.js';

export const kubernetesRules: KubernetesRule[] = [...pssRules];
