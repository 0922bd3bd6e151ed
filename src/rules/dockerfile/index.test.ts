import { describe, expect, it } from 'vitest';
import { isSeverity } from '../../core/severity.js';
import { dockerfileRules } from './index.js';

describe('dockerfileRules catalog', () => {
  it('has at least 30 rules with unique, well-formed IDs and complete metadata', () => {
    expect(dockerfileRules.length).toBeGreaterThanOrEqual(30);
    const ids = dockerfileRules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { meta } of dockerfileRules) {
      expect(meta.id).toMatch(/^docker\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(meta.target).toBe('dockerfile');
      expect(isSeverity(meta.severity)).toBe(true);
      expect(meta.title.length).toBeGreaterThan(5);
      expect(meta.rationale.length).toBeGreaterThan(40);
      expect(meta.remediation.length).toBeGreaterThan(10);
    }
  });

  it('gives Trivy aliases in both the DS and AVD forms, and no alias to two unrelated rules by accident', () => {
    for (const { meta } of dockerfileRules) {
      const trivy = meta.aliases.trivy ?? [];
      for (const id of trivy.filter((t) => t.startsWith('DS'))) expect(trivy).toContain(`AVD-DS-${id.slice(2).padStart(4, '0')}`);
    }
    const hadolint = dockerfileRules.flatMap((r) => r.meta.aliases.hadolint ?? []);
    expect(new Set(hadolint).size).toBe(hadolint.length);
  });
});
