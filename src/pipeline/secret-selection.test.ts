import { describe, expect, it } from 'vitest';
import type { RuleConfig } from '../config/config.js';
import type { RuleMeta } from '../core/rule.js';
import { LATEST_PSS_VERSION, type RuleSettings } from '../core/settings.js';
import { customSecretRules } from '../checks/rules/secrets/custom.js';
import { allRules, selectRules, validateRuleIds } from './rule-selection.js';
import { selectSecretRules } from './secret-selection.js';
import { UnknownRuleError } from './unknown-rule-error.js';

const SETTINGS: RuleSettings = { pss: { level: 'restricted', version: LATEST_PSS_VERSION }, allowedRegistries: [] };
const custom = customSecretRules([{ id: 'acme-token', regex: 'acme_[a-z0-9]{20}', keywords: ['acme_'], severity: 'medium' }]);

/** What selectRules gives a secrets-only scan: its secret rules, and the catalogue entries of those alone. */
function fromEveryRule(config: Record<string, RuleConfig>) {
  const selection = selectRules(config, SETTINGS, custom);
  return { secret: selection.secret.map((rule) => rule.meta.id), metas: selection.metas.filter((meta) => meta.target === 'secret') };
}

describe('the secret rules selected without the other families', () => {
  it.each<[string, Record<string, RuleConfig>]>([
    ['no config', {}],
    ['a rule turned off by ID and another by former ID', { 'secret/github-pat': { enabled: false }, 'secret:slack-bot-token': { enabled: false } }],
    ['a peer alias naming several rules, with a severity', { 'aws-access-token': { severity: 'low' } }],
    ['a config detector turned down', { 'secret/acme-token': { severity: 'info' } }],
    ['rules of other families alongside', { 'k8s/pss-privileged': { enabled: false }, DL3020: { severity: 'low' }, 'secret/github-pat': { severity: 'low' } }],
  ])('match what selectRules selects, in the same order: %s', async (_, config) => {
    const selection = await selectSecretRules(config, custom);
    const expected = fromEveryRule(config);
    expect(selection.secret.map((rule) => rule.meta.id)).toEqual(expected.secret);
    expect(selection.metas).toEqual(expected.metas);
    expect([selection.kubernetes, selection.kubernetesSet, selection.dockerfile, selection.image]).toEqual([[], [], [], []]);
    for (const meta of expected.metas) expect(selection.severityOf(meta.id)).toBe(meta.severity);
  });

  it('turn a rule off and change a severity as configured', async () => {
    const selection = await selectSecretRules({ 'secret/github-pat': { enabled: false }, 'secret/stripe-secret-key': { severity: 'low' } });
    expect(selection.secret.some((rule) => rule.meta.id === 'secret/github-pat')).toBe(false);
    expect(selection.isEnabled('secret/github-pat')).toBe(false);
    expect(selection.severityOf('secret/stripe-secret-key')).toBe('low');
    expect(selection.metas.find((meta) => meta.id === 'secret/stripe-secret-key')?.severity).toBe('low');
  });

  it('reject a name no rule answers to, as selectRules does, and accept users’ policies, which a secrets scan does not run', async () => {
    await expect(selectSecretRules({ 'secret/githb-pat': { enabled: false } })).rejects.toThrow(UnknownRuleError);
    await expect(selectSecretRules({ 'k8s/no-such-rule': { enabled: false } })).rejects.toThrow('unknown rule "k8s/no-such-rule"');
    await expect(selectSecretRules({ 'policy/team-labels': { enabled: false } })).resolves.toMatchObject({ kubernetes: [] });
  });
});

describe('peer aliases', () => {
  const rule = (id: string, target: RuleMeta['target'], aliases: RuleMeta['aliases']): { meta: RuleMeta } => ({
    meta: { id, title: 't', severity: 'low', target, rationale: 'r', remediation: 'f', references: {}, aliases },
  });

  it('never name one of our rule IDs, nor a secret rule and a rule of another family at once', () => {
    expect(() => validateRuleIds()).not.toThrow();
    expect(() => validateRuleIds([rule('docker/a', 'dockerfile', {}), rule('docker/b', 'dockerfile', { hadolint: ['docker/a'] })])).toThrow('alias docker/a of docker/b is a rule ID');
    expect(() => validateRuleIds([rule('secret/a', 'secret', { gitleaks: ['x'] }), rule('k8s/b', 'kubernetes', { checkov: ['x'] })])).toThrow('alias x names a secret rule and a rule of another family');
    expect(() => validateRuleIds([rule('k8s/a', 'kubernetes', { checkov: ['x'] }), rule('k8s/b', 'kubernetes', { checkov: ['x'] })])).not.toThrow();
    expect(allRules().length).toBeGreaterThan(0);
  });
});
