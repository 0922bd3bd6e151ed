/** Table-driven detector tests: every detector lists real-looking hits and near misses it must ignore. */
import { describe, expect, it } from 'vitest';
import type { Confirmation, SecretDetector } from '../../types.js';
import { scanWith } from './scan.js';

export interface Found {
  text: string;
  secret: string;
  confirmedBy?: Confirmation;
}

export interface Ignored {
  why: string;
  text: string;
}

export interface DetectorCases {
  detector: SecretDetector;
  found: Found[];
  ignored: Ignored[];
}

export function describeDetectors(cases: DetectorCases[]): void {
  for (const { detector, found, ignored } of cases) {
    describe(detector.id, () => {
      it('has at least two true and two false positive cases', () => {
        expect(found.length).toBeGreaterThanOrEqual(2);
        expect(ignored.length).toBeGreaterThanOrEqual(2);
      });
      it.each(found.map((f, i) => ({ ...f, n: i + 1 })))('finds true positive #$n', ({ text, secret, confirmedBy }) => {
        const hits = scanWith(detector, text);
        expect(hits.map((h) => h.secret)).toEqual([secret]);
        if (confirmedBy) expect(hits[0]?.confirmedBy).toBe(confirmedBy);
      });
      it.each(ignored)('ignores $why', ({ text }) => {
        expect(scanWith(detector, text)).toEqual([]);
      });
    });
  }
}
