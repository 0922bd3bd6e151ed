import * as crypto from 'node:crypto';

/** One-shot hashing (Node 20.12+) skips a Hash object per finding; a scan fingerprints tens of thousands. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * Stable across line shifts: built from what a finding is about (rule, file, resource and field or
 * instruction), never from where it sits.
 */
export function fingerprintOf(ruleId: string, file: string, identity: string): string {
  return sha256Hex(`${ruleId}\0${file}\0${identity}`).slice(0, 32);
}
