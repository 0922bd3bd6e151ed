import type { KubernetesSetRule } from '../rule.js';

export const netpolRules: KubernetesSetRule[] = [];
