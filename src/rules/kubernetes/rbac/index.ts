import type { KubernetesSetRule } from '../rule.js';

export const rbacRules: KubernetesSetRule[] = [];
