import { describe, expect, it } from 'vitest';
import { ignoreMatches, parseIgnoreComment, parseIgnoreSpec } from './ignore-directive.js';

describe('inline suppression grammar', () => {
  it('reads rule lists with or without spaces around commas, and keeps the reason as written', () => {
    expect(parseIgnoreSpec('k8s/a , k8s/b: batch job, sized by the scheduler')).toEqual({
      ruleIds: ['k8s/a', 'k8s/b'],
      reason: 'batch job, sized by the scheduler',
    });
    expect(parseIgnoreComment(' rampart:ignore secret/github-pat,secret:jwt test fixture, revoked')).toEqual({
      ruleIds: ['secret/github-pat', 'secret:jwt'],
      reason: 'test fixture, revoked',
    });
  });

  it('matches by ID, alias or wildcard and rejects empty specs', () => {
    expect(parseIgnoreSpec('   ')).toBeUndefined();
    expect(parseIgnoreComment('rampart:ignore')).toBeUndefined();
    expect(ignoreMatches({ ruleIds: ['KSV017'], reason: '' }, 'k8s/pss-privileged', ['KSV017'])).toBe(true);
    expect(ignoreMatches({ ruleIds: ['*'], reason: '' }, 'docker/user-root')).toBe(true);
    expect(ignoreMatches({ ruleIds: ['docker/x'], reason: '' }, 'docker/y')).toBe(false);
    expect(ignoreMatches({ ruleIds: ['secret/*'], reason: '' }, 'secret/github-pat')).toBe(true);
    expect(ignoreMatches({ ruleIds: ['secret/*'], reason: '' }, 'k8s/secret-in-manifest')).toBe(false);
    expect(ignoreMatches({ ruleIds: ['k8s/*'], reason: '' }, 'k8s/secret-in-manifest')).toBe(true);
  });

  it('accepts the former `secret:<id>` IDs (as aliases) and the `secret:*` wildcard', () => {
    expect(ignoreMatches({ ruleIds: ['secret:github-pat'], reason: '' }, 'secret/github-pat', ['secret:github-pat'])).toBe(true);
    expect(ignoreMatches({ ruleIds: ['secret:github-pat'], reason: '' }, 'secret/jwt', ['secret:jwt'])).toBe(false);
    expect(ignoreMatches({ ruleIds: ['secret:*'], reason: '' }, 'secret/github-pat')).toBe(true);
    expect(ignoreMatches({ ruleIds: ['secret:*'], reason: '' }, 'k8s/secret-in-manifest')).toBe(false);
  });
});
