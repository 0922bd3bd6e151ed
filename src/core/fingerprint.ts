import { createHash } from 'node:crypto';

/**
 * Stable across line shifts: built from what a finding is about (rule, file, resource and field or
 * instruction), never from where it sits.
 */
export function fingerprintOf(ruleId: string, file: string, identity: string): string {
  return createHash('sha256').update(`${ruleId}\0${file}\0${identity}`).digest('hex').slice(0, 32);
}
