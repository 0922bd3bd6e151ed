import { createHash } from 'node:crypto';

/**
 * Enough to recognise a secret in a report without leaking it: first 4 and last 2 characters of long secrets, the
 * first character only of short ones (where 6 characters would give most of it away), none of tiny ones, and the
 * length in characters (code points, so a surrogate pair is never split).
 */
export function redactSecret(secret: string): string {
  const chars = [...secret];
  const shown = chars.length >= 16 ? `${chars.slice(0, 4).join('')}…${chars.slice(-2).join('')}` : `${chars.length >= 4 ? chars[0] : ''}…`;
  return `${shown} (${chars.length} ${chars.length === 1 ? 'char' : 'chars'})`;
}

/** Stable identity for baselines and deduplication that cannot be reversed into the secret. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}
