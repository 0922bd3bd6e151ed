import { scoreCvssV2 } from './v2.js';
import { scoreCvssV3 } from './v3.js';
import { scoreCvssV4 } from './v4.js';

export { scoreCvssV2 } from './v2.js';
export { roundUp30, roundUp31, scoreCvssV3 } from './v3.js';
export { scoreCvssV4 } from './v4.js';

export type CvssType = 'CVSS_V2' | 'CVSS_V3' | 'CVSS_V4';
export type CvssSeverity = 'none' | 'low' | 'medium' | 'high' | 'critical';

export function isCvssType(value: string): value is CvssType {
  return value === 'CVSS_V2' || value === 'CVSS_V3' || value === 'CVSS_V4';
}

/** Base score of an OSV `severity[]` entry; undefined when the vector does not parse. */
export function scoreCvss(type: CvssType, vector: string): number | undefined {
  switch (type) {
    case 'CVSS_V2':
      return scoreCvssV2(vector);
    case 'CVSS_V3':
      return scoreCvssV3(vector);
    case 'CVSS_V4':
      return scoreCvssV4(vector);
  }
}

/**
 * Qualitative rating. v3 and v4 use the specs' scale; v2 defines none, so the NVD v2 scale applies
 * (0.0-3.9 low, 4.0-6.9 medium, 7.0-10.0 high, no critical).
 */
export function cvssSeverity(score: number, type: CvssType): CvssSeverity {
  if (type === 'CVSS_V2') return score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
  if (score === 0) return 'none';
  return score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
}
