import { scanSecrets } from '../../search/index.js';
import type { Confirmation, SecretDetector } from '../../types.js';

export interface ScanHit {
  secret: string;
  confirmedBy: Confirmation;
}

/** One detector through the real search (scanSecrets), without base64/hex decoding so each case tests the detector in the clear. */
export function scanWith(detector: SecretDetector, text: string): ScanHit[] {
  return scanSecrets(text, { detectors: [detector], maxDecodeDepth: 0 }).map((m) => ({ secret: m.secret, confirmedBy: m.confirmedBy }));
}
