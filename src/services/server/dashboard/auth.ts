import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DashboardSessions } from '../store/dashboard-sessions.js';
import type { Scope } from '../store/tokens.js';
import type { TokenRecord } from '../store/types.js';

/** How the API reads a bearer token; the dashboard takes it from there rather than parsing the header again. */
export type BearerAuthenticator = (request: FastifyRequest) => Promise<TokenRecord | undefined>;

export const SESSION_COOKIE = '__Host-rampart-session';
export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60_000;

export interface Principal {
  name: string;
  scopes: Scope[];
  /** The session's cookie value, when the request came with one (logout closes it). */
  sessionId?: string;
}

/**
 * The dashboard's `__Host-` cookies: sent over HTTPS only, to this host only, to every path, never readable by script.
 * Lax (not Strict) on the session, so a link from chat or mail to a page opens it logged in; every state change is a
 * POST with a CSRF token, which Lax does not send cross-site anyway.
 */
export function sessionCookieOptions(expiresAt: number) {
  return { path: '/', secure: true, httpOnly: true, sameSite: 'lax' as const, expires: new Date(expiresAt) };
}

/** A session cookie, else a bearer token: the same tokens and scopes as the API. */
export async function principalOf(request: FastifyRequest, sessions: DashboardSessions, bearer: BearerAuthenticator | undefined): Promise<Principal | undefined> {
  const sessionId = request.cookies[SESSION_COOKIE];
  if (sessionId && /^[A-Za-z0-9_-]{43}$/.test(sessionId)) {
    const session = await sessions.find(sessionId);
    if (session) return { name: session.principal, scopes: session.scopes, sessionId };
  }
  const token = await bearer?.(request);
  return token ? { name: token.name, scopes: token.scopes } : undefined;
}

export async function startSession(reply: FastifyReply, sessions: DashboardSessions, input: { principal: string; scopes: Scope[]; tokenId?: number; ttlMs: number }): Promise<void> {
  const id = await sessions.open(input);
  reply.setCookie(SESSION_COOKIE, id, sessionCookieOptions(Date.now() + input.ttlMs));
}

/**
 * Where to go after logging in: a path of this server only. `//host` and `/\host` are other hosts to a browser, so
 * anything but a plain absolute path becomes the overview.
 */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]{0,500}$/.test(value) ? value : '/';
}
