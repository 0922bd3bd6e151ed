import type { FastifyInstance } from 'fastify';
import * as client from 'openid-client';
import type { DashboardSessions } from '../store/dashboard-sessions.js';
import type { Scope } from '../store/tokens.js';
import { safeNext, startSession } from './auth.js';

/** How people log in through the organisation's identity provider (authorization code flow with PKCE). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What a person logged in this way may do; `read` unless configured. */
  scopes?: Scope[];
  /** Shown on the login button. */
  label?: string;
}

const LOGIN_COOKIE = '__Host-rampart-oidc';
const PENDING_TTL_MS = 10 * 60_000;

/** Plain HTTP to the issuer only on the loopback interface (a provider on the same host); anything else needs TLS. */
function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export function oidcIssuerUrl(issuer: string): URL {
  const url = new URL(issuer);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) throw new Error(`the OIDC issuer must be an https:// URL, not ${url.protocol}`);
  return url;
}

export function registerOidc(app: FastifyInstance, sessions: DashboardSessions, settings: OidcSettings, ttlMs: number): void {
  const issuer = oidcIssuerUrl(settings.issuer);
  let configuration: Promise<client.Configuration> | undefined;
  // Discovered on first use, and again after a failure: the provider may be down when the server starts.
  const discover = (): Promise<client.Configuration> => {
    configuration ??= client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
      timeout: 10,
      ...(issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
    }).catch((error: unknown) => {
      configuration = undefined;
      throw error;
    });
    return configuration;
  };
  const callbackUrl = (host: string) => new URL('/auth/oidc/callback', `https://${host}`);

  app.get('/auth/oidc', { config: { scope: 'public', dashboard: 'anonymous' } }, async (request, reply) => {
    const config = await discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const next = safeNext((request.query as Record<string, unknown>).next);
    const id = await sessions.beginLogin({ state, codeVerifier, nonce, next }, PENDING_TTL_MS);
    reply.setCookie(LOGIN_COOKIE, id, { path: '/', secure: true, httpOnly: true, sameSite: 'lax', maxAge: PENDING_TTL_MS / 1000 });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl(request.host).href, scope: 'openid email profile', state, nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256',
    });
    return reply.redirect(url.href, 303);
  });

  app.get('/auth/oidc/callback', { config: { scope: 'public', dashboard: 'anonymous' } }, async (request, reply) => {
    const id = request.cookies[LOGIN_COOKIE];
    reply.clearCookie(LOGIN_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'lax' });
    const pending = id && /^[A-Za-z0-9_-]{43}$/.test(id) ? await sessions.takeLogin(id) : undefined;
    if (!pending) return reply.code(400).view('error', { heading: 'Login expired', message: 'This login was not started here or took too long. Start again from the login page.' });
    const config = await discover();
    const current = new URL(request.url, callbackUrl(request.host));
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
      const idToken = tokens.claims()!;
      // Providers that keep the ID token minimal (as the spec allows) hand the email out at the userinfo endpoint.
      claims = typeof idToken.email === 'string' ? idToken : { ...(await client.fetchUserInfo(config, tokens.access_token, idToken.sub)), ...idToken };
    } catch (error) {
      request.log.warn({ err: (error as Error).message }, 'OIDC login refused');
      return reply.code(401).view('error', { heading: 'Login failed', message: 'The identity provider did not confirm the login.' });
    }
    const name = [claims.email, claims.preferred_username, claims.sub].find((v): v is string => typeof v === 'string' && v.length > 0)!;
    await startSession(reply, sessions, { principal: `oidc:${name}`, scopes: settings.scopes ?? ['read'], ttlMs });
    request.log.info({ principal: `oidc:${name}` }, 'dashboard login');
    return reply.redirect(pending.next, 303);
  });
}
