import type { KubernetesSetRule } from '../rule.js';

export const meshRules: KubernetesSetRule[] = [];
