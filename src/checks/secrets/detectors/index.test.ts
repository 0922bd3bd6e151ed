import { describe, expect, it } from 'vitest';
import { DETECTORS } from './index.js';

describe('DETECTORS', () => {
  it('have unique kebab-case ids', () => {
    const ids = DETECTORS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it.each(DETECTORS.map((d) => [d.id, d] as const))('%s follows the engine contract', (_id, detector) => {
    expect(detector.keywords.length).toBeGreaterThan(0);
    for (const keyword of detector.keywords) expect(keyword).toMatch(/^[\x20-\x7e]{3,}$/);
    for (const keyword of detector.keywords) expect(keyword).toBe(keyword.toLowerCase());
    expect(detector.pattern.source).toContain('(?<secret>');
    expect(detector.pattern.flags).not.toContain('y');
    expect(detector.remediation.length).toBeGreaterThan(20);
  });
});
