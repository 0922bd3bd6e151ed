/**
 * Table-driven tests for the SaaS, monitoring and AI detectors, run through the real search (`scanSecrets`): each
 * detector alone must find exactly its true positives and nothing in its near misses, and within the whole catalogue
 * each true positive must still be reported under that detector (no other detector shadows it).
 */
import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/index.js';
import type { SecretDetector } from '../../types.js';
import { DETECTORS as CORE } from '../index.js';
import { DETECTORS as AI } from '../ai/index.js';
import { DETECTORS as MONITORING } from '../monitoring/index.js';
import { BASE62, BASE64URL, DIGITS, HEX, UPPER, randomText } from '../testing/tokens.js';
import { DETECTORS as SAAS } from './index.js';

export { BASE64URL, DIGITS, HEX };
export const ALNUM = BASE62;
export const UPPER_ALNUM = `${UPPER}${DIGITS}`;
export const LOWER_ALNUM = `${UPPER.toLowerCase()}${DIGITS}`;
export const BASE64 = `${BASE62}+/`;

let seed = 0x5eed;
/** Deterministic random-looking text, a new seed per call so tokens in one file differ. */
export function random(alphabet: string, length: number): string {
  return randomText(alphabet, length, seed++);
}

export function uuid(): string {
  return [8, 4, 4, 4, 12].map((n) => random(HEX, n)).join('-');
}

export function base64Json(value: unknown, url = false): string {
  return Buffer.from(JSON.stringify(value)).toString(url ? 'base64url' : 'base64');
}

const CATALOGUE = [...new Set([...SAAS, ...MONITORING, ...AI, ...CORE])];

function secretsFound(detectors: readonly SecretDetector[], text: string): Array<{ id: string; secret: string }> {
  return scanSecrets(text, { detectors }).map((m) => ({ id: m.detector.id, secret: m.secret }));
}

export interface DetectorCases {
  /** Realistic surroundings and the secret the detector must report there. */
  truePositives: Array<{ text: string; secret: string }>;
  /** Texts in which the detector must report nothing. */
  falsePositives: string[];
}

/** One `describe` per detector; `cases` must cover exactly `detectors`, with at least two positives and negatives. */
export function describeDetectors(detectors: SecretDetector[], cases: Record<string, DetectorCases>): void {
  it('has cases for exactly these detectors', () => {
    expect(Object.keys(cases).sort()).toEqual(detectors.map((d) => d.id).sort());
  });
  for (const detector of detectors) {
    const { truePositives = [], falsePositives = [] } = cases[detector.id] ?? {};
    describe(detector.id, () => {
      it('has at least two true and two false positives', () => {
        expect(truePositives.length).toBeGreaterThanOrEqual(2);
        expect(falsePositives.length).toBeGreaterThanOrEqual(2);
      });
      truePositives.forEach(({ text, secret }, index) => {
        it(`finds true positive #${index + 1}, also within the whole catalogue`, () => {
          expect(secretsFound([detector], text).map((f) => f.secret)).toEqual([secret]);
          expect(secretsFound(CATALOGUE, text)).toContainEqual({ id: detector.id, secret });
        });
      });
      falsePositives.forEach((text, index) => {
        it(`ignores false positive #${index + 1}`, () => {
          expect(secretsFound([detector], text)).toEqual([]);
        });
      });
    });
  }
}
