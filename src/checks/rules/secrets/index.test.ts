import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../secrets/detectors/index.js';
import { secretRule, secretRules } from './index.js';

describe('secret rules', () => {
  it('is one rule per detector, with complete metadata', () => {
    expect(secretRules.map((r) => r.detector)).toEqual(DETECTORS);
    for (const { meta, detector } of secretRules) {
      expect(meta.id).toBe(`secret/${detector.id}`);
      expect(meta.formerIds).toEqual([`secret:${detector.id}`]);
      expect(meta.title.length).toBeGreaterThan(5);
      expect(meta.rationale.length).toBeGreaterThan(40);
      expect(meta.remediation.length).toBeGreaterThan(20);
      expect(meta.sensitive).toBe(true);
    }
  });

  it("takes a detector's own rationale where it explains a choice, the common one otherwise", () => {
    const byId = new Map(secretRules.map((r) => [r.meta.id, r.meta]));
    expect(byId.get('secret/google-browser-api-key')?.rationale).toMatch(/restrict/i);
    expect(byId.get('secret/mapbox-public-token')?.rationale).toMatch(/public by design/);
    expect(byId.get('secret/github-pat')?.rationale).toMatch(/can use this credential/);
    const detector = DETECTORS[0]!;
    expect(secretRule({ ...detector, rationale: 'Because this one is different from the others in a way.' }).meta.rationale).toBe(
      'Because this one is different from the others in a way.',
    );
  });

  it('lists vendor references and peer aliases as given', () => {
    const rule = secretRules.find((r) => r.detector.id === 'slack-legacy-workspace-token')!;
    expect(rule.meta.references.urls?.length).toBeGreaterThan(0);
    expect(rule.meta.aliases).toEqual({ gitleaks: ['slack-legacy-workspace-token'] });
  });
});
