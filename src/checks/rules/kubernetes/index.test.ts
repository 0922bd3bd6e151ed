import { describe, expect, it } from 'vitest';
import { bestPracticeRules, kubernetesRules } from './index.js';
import { pssRules } from './pss/index.js';

describe('kubernetesRules', () => {
  it('registers the PSS rules followed by the best-practice rules, with unique IDs', () => {
    expect(kubernetesRules).toEqual([...pssRules, ...bestPracticeRules]);
    const ids = kubernetesRules.map((rule) => rule.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(bestPracticeRules.length).toBeGreaterThanOrEqual(30);
  });

  it.each(bestPracticeRules.map((rule) => [rule.meta.id, rule] as const))('%s has complete metadata', (id, rule) => {
    const { meta } = rule;
    expect(id).toMatch(/^k8s\/[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(meta.target).toBe('kubernetes');
    expect(meta.title.length).toBeGreaterThan(10);
    expect(meta.rationale.length).toBeGreaterThan(100);
    expect(meta.remediation.length).toBeGreaterThan(30);
    expect(rule.pss).toBeUndefined();
    for (const aliases of Object.values(meta.aliases)) expect(aliases.length).toBeGreaterThan(0);
    const trivy = meta.aliases.trivy ?? [];
    // Trivy IDs come in both forms: KSV013 and AVD-KSV-0013.
    for (const alias of trivy.filter((a) => a.startsWith('KSV'))) {
      expect(trivy).toContain(`AVD-KSV-${alias.slice(3).padStart(4, '0')}`);
    }
  });
});
