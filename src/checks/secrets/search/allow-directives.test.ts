import { describe, expect, it } from 'vitest';
import { allowDirectiveFor, allowDirectivesOf } from './allow-directives.js';

const former = (id: string) => [`secret:${id}`];

describe('allowDirectivesOf', () => {
  const text = [
    'a: 1',
    'password: Zq8r3TfW1x # rampart:allow secret/generic-secret rotated in 2023 and kept for the fixture',
    '// rampart:allow secret/* test keys only',
    'key: |',
    '<!-- rampart:allow secret/jwt,secret/private-key docs -->',
    'x # rampart:allow secret/',
    'y # rampart:allow aws-access-key-id not a secret rule',
    'z # rampart:allowed secret/jwt',
  ].join('\n');
  const directives = allowDirectivesOf(text);

  it('parses ids, reasons and the two lines each covers', () => {
    expect(directives).toEqual([
      { ruleIds: ['secret/generic-secret'], reason: 'rotated in 2023 and kept for the fixture', line: 2, fromLine: 2, toLine: 3 },
      { ruleIds: ['secret/*'], reason: 'test keys only', line: 3, fromLine: 3, toLine: 4 },
      { ruleIds: ['secret/jwt', 'secret/private-key'], reason: 'docs', line: 5, fromLine: 5, toLine: 6 },
    ]);
  });

  it('matches a finding by rule id and line', () => {
    expect(allowDirectiveFor(directives, 'secret/generic-secret', former('generic-secret'), 2)?.line).toBe(2);
    expect(allowDirectiveFor(directives, 'secret/generic-secret', former('generic-secret'), 1)).toBeUndefined();
    expect(allowDirectiveFor(directives, 'secret/anything', former('anything'), 4)?.line).toBe(3);
    expect(allowDirectiveFor(directives, 'secret/jwt', former('jwt'), 6)?.line).toBe(5);
    expect(allowDirectiveFor(directives, 'secret/aws-access-key-id', former('aws-access-key-id'), 7)).toBeUndefined();
  });

  it('accepts the former `secret:<id>` spelling and its `secret:*` wildcard', () => {
    const old = allowDirectivesOf(['a # rampart:allow secret:jwt,secret/github-pat old and new', '', '', 'b # rampart:allow secret:* all'].join('\n'));
    expect(old.map((d) => d.ruleIds)).toEqual([['secret:jwt', 'secret/github-pat'], ['secret:*']]);
    expect(allowDirectiveFor(old, 'secret/jwt', former('jwt'), 1)?.line).toBe(1);
    expect(allowDirectiveFor(old, 'secret/github-pat', former('github-pat'), 2)?.line).toBe(1);
    expect(allowDirectiveFor(old, 'secret/private-key', former('private-key'), 1)).toBeUndefined();
    expect(allowDirectiveFor(old, 'secret/private-key', former('private-key'), 5)?.line).toBe(4);
  });

  it('finds nothing in text without directives', () => {
    expect(allowDirectivesOf('')).toEqual([]);
    expect(allowDirectivesOf('rampart:allow')).toEqual([]);
    expect(allowDirectivesOf('x # rampart:allow secret:')).toEqual([]);
  });
});
