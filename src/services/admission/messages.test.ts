import { describe, expect, it } from 'vitest';
import { AUDIT_KEYS, denialMessage, isValidAuditKey, MAX_WARNINGS, WARNING_MAX_CHARS, WARNINGS_TOTAL_CHARS, warningsFor, type Verdict } from './messages.js';

const verdict = (i: number, message = `container "c${i}" has no memory limit`): Verdict => ({ ruleId: `k8s/rule-${i}`, severity: 'medium', message });

describe('warningsFor', () => {
  it('names the rule and severity of each finding', () => {
    expect(warningsFor([verdict(1)])).toEqual(['k8s/rule-1 (medium): container "c1" has no memory limit']);
  });

  it('clips a warning to the length the API server keeps', () => {
    const [warning] = warningsFor([verdict(1, 'x'.repeat(1_000))]);
    expect(warning).toHaveLength(WARNING_MAX_CHARS);
    expect(warning!.endsWith('...')).toBe(true);
  });

  it('stays under the count and total size, and says how many it left out', () => {
    const warnings = warningsFor(Array.from({ length: 200 }, (_, i) => verdict(i)));
    expect(warnings.length).toBeLessThanOrEqual(MAX_WARNINGS);
    expect(warnings.join('').length).toBeLessThanOrEqual(WARNINGS_TOTAL_CHARS);
    const shown = warnings.length - 1;
    expect(warnings.at(-1)).toBe(`... and ${200 - shown} more Rampart warnings (rampart scan lists them all)`);
  });

  it('stops by size when long warnings fill the budget first', () => {
    const warnings = warningsFor(Array.from({ length: 20 }, (_, i) => verdict(i, 'y'.repeat(400))));
    expect(warnings.join('').length).toBeLessThanOrEqual(WARNINGS_TOTAL_CHARS);
    expect(warnings.length).toBeLessThan(20);
    expect(warnings.at(-1)).toMatch(/^\.\.\. and \d+ more/);
  });

  it('keeps every warning when they fit', () => {
    expect(warningsFor(Array.from({ length: MAX_WARNINGS }, (_, i) => verdict(i)))).toHaveLength(MAX_WARNINGS);
  });

  it('removes control characters, since warnings travel in HTTP headers', () => {
    expect(warningsFor([verdict(1, 'image "evil\r\nX-Injected: 1\u001b[31m"')])).toEqual(['k8s/rule-1 (medium): image "evil X-Injected: 1 [31m"']);
  });
});

describe('denialMessage', () => {
  it('names each rule and how to waive one with the annotation', () => {
    const message = denialMessage([{ ruleId: 'k8s/pss-privileged', severity: 'critical', message: 'container "app" runs privileged' }]);
    expect(message).toBe('Rampart denied this object: k8s/pss-privileged (critical): container "app" runs privileged. To waive a rule for this object, annotate it with rampart.io/ignore: "k8s/pss-privileged: <reason>"');
  });

  it('lists ten rules and counts the rest', () => {
    const message = denialMessage(Array.from({ length: 14 }, (_, i) => verdict(i)));
    expect(message).toContain('k8s/rule-9 (medium)');
    expect(message).not.toContain('k8s/rule-10 (medium)');
    expect(message).toContain('and 4 more');
  });
});

describe('audit annotation keys', () => {
  it('are name parts the API server accepts after its "<webhook>/" prefix', () => {
    for (const key of Object.values(AUDIT_KEYS)) expect(isValidAuditKey(key), key).toBe(true);
    // A rule ID cannot be a key: the prefixed key would hold two slashes.
    expect(isValidAuditKey('k8s/pss-privileged')).toBe(false);
    expect(isValidAuditKey('-leading-dash')).toBe(false);
    expect(isValidAuditKey('x'.repeat(64))).toBe(false);
  });
});
