import { describe, expect, it } from 'vitest';
import type { RuleMeta } from '../core/rule.js';
import { resolveRuleReference, validateRuleIds } from './rule-selection.js';

const rule = (id: string, formerIds?: string[]): { meta: RuleMeta } => ({
  meta: { id, title: 't', severity: 'low', target: 'secret', rationale: 'r', remediation: 'f', references: {}, aliases: {}, ...(formerIds ? { formerIds } : {}) },
});

describe('rule IDs', () => {
  it('take the `<family>/<kebab-name>` grammar; the former `secret:<id>` spelling is only a former ID', () => {
    expect(() => validateRuleIds([rule('secret/aws-access-key', ['secret:aws-access-key']), rule('k8s/pss-privileged')])).not.toThrow();
    expect(() => validateRuleIds([rule('secret:aws-access-key')])).toThrow('malformed rule ID secret:aws-access-key');
    expect(() => validateRuleIds([rule('secret/Bad_Name')])).toThrow('malformed rule ID');
  });

  it('are never reused, former IDs included', () => {
    expect(() => validateRuleIds([rule('secret/a', ['secret:a']), rule('secret/b', ['secret:a'])])).toThrow('duplicate rule ID secret:a');
    expect(() => validateRuleIds([rule('docker/x'), rule('docker/x')])).toThrow('duplicate rule ID docker/x');
  });

  it('resolve from the current ID or a former one', () => {
    expect(resolveRuleReference('secret:github-pat')).toEqual(['secret/github-pat']);
    expect(resolveRuleReference('secret/github-pat')).toEqual(['secret/github-pat']);
    expect(resolveRuleReference('secret:no-such-detector')).toEqual([]);
  });
});
