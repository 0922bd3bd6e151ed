import { createHash, randomBytes } from 'node:crypto';
import type { SqlDriver } from './sql.js';
import { isScope, type Scope } from './tokens.js';

/**
 * Dashboard sessions and pending OIDC logins. The browser holds a random id; the table holds its SHA-256 only, so a
 * copy of the database cannot be replayed as a cookie. A session opened with an API token follows that token: revoked
 * or expired, the session stops working at the next request.
 */
export interface DashboardSession {
  principal: string;
  scopes: Scope[];
  expiresAt: number;
}

export interface PendingLogin {
  state: string;
  codeVerifier: string;
  nonce: string;
  next: string;
}

type Kind = 'session' | 'oidc-pending';

const hashId = (id: string): string => createHash('sha256').update(id, 'utf8').digest('hex');

/** 256 random bits, as a cookie-safe string. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export class DashboardSessions {
  constructor(private readonly driver: SqlDriver, private readonly clock: () => number = Date.now) {}

  async open(input: { principal: string; scopes: Scope[]; tokenId?: number; ttlMs: number }): Promise<string> {
    return this.insert('session', input.principal, input.scopes, input.tokenId ?? null, null, input.ttlMs);
  }

  async find(id: string): Promise<DashboardSession | undefined> {
    const now = this.clock();
    const [row] = await this.driver.all<{ principal: string; scopes: string; token_id: number | null; expires_at: number; token_scopes: string | null; revoked_at: number | null; token_expires: number | null }>(
      `SELECT s.principal, s.scopes, s.token_id, s.expires_at, t.scopes AS token_scopes, t.revoked_at, t.expires_at AS token_expires
       FROM dashboard_sessions s LEFT JOIN api_tokens t ON t.id = s.token_id
       WHERE s.id_hash = ? AND s.kind = 'session' AND s.expires_at > ?`,
      [hashId(id), now],
    );
    if (!row) return undefined;
    if (row.token_id !== null && (row.token_scopes === null || row.revoked_at !== null || (row.token_expires !== null && Number(row.token_expires) <= now))) return undefined;
    const scopes = (row.token_id !== null ? row.token_scopes! : row.scopes).split(',').filter(isScope);
    return { principal: row.principal, scopes, expiresAt: Number(row.expires_at) };
  }

  async close(id: string): Promise<void> {
    await this.driver.run('DELETE FROM dashboard_sessions WHERE id_hash = ?', [hashId(id)]);
  }

  /** The PKCE verifier, state and nonce wait here, under the id of a short-lived cookie, until the issuer sends the user back. */
  async beginLogin(pending: PendingLogin, ttlMs: number): Promise<string> {
    return this.insert('oidc-pending', '', [], null, JSON.stringify(pending), ttlMs);
  }

  /** Taken once: a replayed callback finds nothing. */
  async takeLogin(id: string): Promise<PendingLogin | undefined> {
    const [row] = await this.driver.all<{ data: string }>(
      "DELETE FROM dashboard_sessions WHERE id_hash = ? AND kind = 'oidc-pending' AND expires_at > ? RETURNING data",
      [hashId(id), this.clock()],
    );
    return row ? (JSON.parse(row.data) as PendingLogin) : undefined;
  }

  /** Rows past their expiry are useless; removing them keeps the table the size of the active users. */
  async prune(): Promise<number> {
    return this.driver.run('DELETE FROM dashboard_sessions WHERE expires_at <= ?', [this.clock()]);
  }

  private async insert(kind: Kind, principal: string, scopes: Scope[], tokenId: number | null, data: string | null, ttlMs: number): Promise<string> {
    const id = newSessionId();
    const now = this.clock();
    await this.driver.run(
      'INSERT INTO dashboard_sessions (id_hash, kind, principal, scopes, token_id, data, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [hashId(id), kind, principal, scopes.join(','), tokenId, data, now, now + ttlMs],
    );
    return id;
  }
}
