/** Shape and performance checks every folder's DETECTORS list must pass. */
import { expect, it } from 'vitest';
import type { SecretDetector } from '../../types.js';

const ADVERSARIAL = [
  'a'.repeat(50_000),
  'A1'.repeat(25_000),
  '='.repeat(20_000) + 'x',
  `${'key_token_secret-'.repeat(2_000)}=`,
  `"type": "service_account"${' '.repeat(5_000)}${'-'.repeat(10_000)}`,
  'sig=' + '%2B'.repeat(10_000),
  'user=ocid1.user.oc1..' + 'a'.repeat(20_000),
].join('\n');

export function checkCatalogue(detectors: SecretDetector[], minimum: number): void {
  it(`exports at least ${minimum} detectors with unique kebab-case ids`, () => {
    expect(detectors.length).toBeGreaterThanOrEqual(minimum);
    const ids = detectors.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it.each(detectors.map((d) => ({ id: d.id, d })))('$id is well-formed', ({ d }) => {
    expect(d.keywords.length).toBeGreaterThan(0);
    // The search's keyword automaton only takes lowercase printable ASCII of 3+ characters.
    for (const k of d.keywords) expect(k).toMatch(/^[\x20-\x40\x5b-\x7e]{3,}$/);
    expect(d.pattern.source).toContain('(?<secret>');
    expect(d.pattern.flags).not.toMatch(/[gy]/);
    expect(d.title.length).toBeGreaterThan(0);
    expect(d.remediation.length).toBeGreaterThan(20);
    expect(d.references?.length ?? 0).toBeGreaterThan(0);
  });

  it('runs every pattern over adversarial text in linear time', () => {
    const started = performance.now();
    for (const d of detectors) [...ADVERSARIAL.matchAll(new RegExp(d.pattern.source, `${d.pattern.flags}g`))];
    expect(performance.now() - started).toBeLessThan(2_000);
  });
}
