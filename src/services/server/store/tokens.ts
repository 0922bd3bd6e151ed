import { createHash, randomBytes } from 'node:crypto';

export const SCOPES = ['read', 'ingest', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** A recognisable prefix lets secret scanners (ours included) spot a leaked token. */
const TOKEN_PREFIX = 'rmp_';

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** 256 random bits: guessing is hopeless, so one unsalted SHA-256 is enough to keep the stored form useless. */
export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** What logs and listings may show of a token. */
export function redactToken(token: string): string {
  return `${token.slice(0, TOKEN_PREFIX.length + 4)}…`;
}

/** `admin` may do everything; `read` and `ingest` are separate so a CI token cannot read the fleet's weaknesses. */
export function grants(held: readonly Scope[], needed: Scope): boolean {
  return held.includes('admin') || held.includes(needed);
}
