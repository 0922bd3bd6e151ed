import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { openCounts } from '../store/dashboard-queries.js';
import { DashboardSessions } from '../store/dashboard-sessions.js';
import type { Store } from '../store/store.js';
import { grants, type Scope } from '../store/tokens.js';
import { ASSETS } from './assets.js';
import { DEFAULT_SESSION_TTL_MS, SESSION_COOKIE, principalOf, safeNext, sessionCookieOptions, startSession, type BearerAuthenticator, type Principal } from './auth.js';
import { registerCompliancePages } from './compliance.js';
import { registerOidc, type OidcSettings } from './oidc.js';
import { isPageInputError, notFound, registerPages } from './pages.js';
import { renderPage, type Frame } from './views.js';

export type { OidcSettings } from './oidc.js';
export { oidcIssuerUrl } from './oidc.js';

export interface DashboardOptions {
  oidc?: OidcSettings;
  sessionTtlMs?: number;
  /** Bearer tokens, read as the API reads them (set by the API server). */
  bearer?: BearerAuthenticator;
  /** The clock of "since yesterday" and expiry marks (tests). */
  now?: () => number;
}

/** Who may see a dashboard route: anyone (login, assets) or a holder of the API scope. */
type Access = 'anonymous' | Scope;

declare module 'fastify' {
  interface FastifyRequest {
    dashboardPrincipal?: Principal;
  }
  interface FastifyReply {
    view(template: string, data: object, frame?: Partial<Frame>): FastifyReply;
  }
  interface FastifyContextConfig {
    dashboard?: Access;
  }
}

/** Forms are a few fields; nothing a person types there comes near this. */
const FORM_BODY_LIMIT = 16 * 1024;

/**
 * No inline script or style, scripts and styles from this origin only, no framing, forms post back here only. A
 * name in a scan that slipped past escaping could still not run.
 */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The web dashboard at `/`: server-rendered pages over the same store and tokens as the API. Registered into the API's
 * app, in its own encapsulated context (its cookies, form parsing, CSRF and error pages stay out of the API's way).
 * Its routes are `public` to the API's bearer check and authorized here instead: by a session cookie or a bearer
 * token, with the API's scopes.
 */
export async function registerDashboard(app: FastifyInstance, store: Store, options: DashboardOptions = {}): Promise<void> {
  const sessions = new DashboardSessions(store.driver);
  const ttlMs = options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  const oidcLabel = options.oidc ? (options.oidc.label ?? 'single sign-on') : undefined;
  await app.register(async (scope) => {
    await scope.register(fastifyCookie);
    await scope.register(fastifyFormbody, { bodyLimit: FORM_BODY_LIMIT });
    await scope.register(fastifyCsrf, { cookieKey: '__Host-rampart-csrf', cookieOpts: { path: '/', secure: true, httpOnly: true, sameSite: 'strict' } });

    scope.decorateReply('view', function view(this: FastifyReply, template: string, data: object, frame: Partial<Frame> = {}) {
      const principal = this.request.dashboardPrincipal;
      const heading = (data as { heading?: unknown }).heading;
      // One token per page, for the logout form and the page's own forms.
      const csrf = principal ? this.generateCsrf() : undefined;
      const html = renderPage(template, csrf ? { csrf, ...data } : data, {
        title: frame.title ?? (typeof heading === 'string' ? heading : 'Rampart'),
        ...frame,
        ...(principal ? { user: principal.name, csrf } : {}),
      });
      return this.type('text/html; charset=utf-8').send(html);
    });

    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'same-origin');
      reply.header('cross-origin-opener-policy', 'same-origin');
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) reply.header('cache-control', 'no-store');
      return payload;
    });

    scope.addHook('onRequest', async (request, reply) => {
      const access = request.routeOptions.config.dashboard;
      if (access === undefined) return;
      const principal = await principalOf(request, sessions, options.bearer);
      if (principal) request.dashboardPrincipal = principal;
      if (access === 'anonymous') return;
      if (!principal) {
        if (request.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(safeNext(request.url))}`, 303);
        return reply.code(401).view('error', { heading: 'Not logged in', message: 'Log in to do this.' });
      }
      if (!grants(principal.scopes, access)) return reply.code(403).view('error', { heading: 'Not allowed', message: `This needs the ${access} scope, which ${principal.name} does not have.` });
    });

    scope.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
      if (error.code === 'FST_ERR_CSRF_INVALID_TOKEN' || error.code === 'FST_ERR_CSRF_MISSING_SECRET') {
        return reply.code(403).view('error', { heading: 'Form expired', message: 'The form was not sent from this page (missing or stale CSRF token). Reload the page and try again.' });
      }
      if (isPageInputError(error)) return reply.code(400).view('error', { heading: 'Bad request', message: error.message });
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return reply.code(error.statusCode).view('error', { heading: 'Bad request', message: error.message });
      request.log.error({ err: error, route: request.routeOptions.url }, 'dashboard page failed');
      return reply.code(500).view('error', { heading: 'Something went wrong', message: 'The page could not be built; the server log has the details.' });
    });

    const anonymous = { config: { scope: 'public' as const, dashboard: 'anonymous' as const } };

    scope.get('/static/:name', anonymous, async (request, reply) => {
      const asset = ASSETS.get((request.params as { name: string }).name);
      if (!asset) return notFound(reply);
      return reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(await asset.load());
    });

    scope.get('/login', anonymous, async (request, reply) => {
      const next = safeNext((request.query as Record<string, unknown>).next);
      if (request.dashboardPrincipal) return reply.redirect(next, 303);
      return reply.view('login', { csrf: reply.generateCsrf(), next, oidc: oidcLabel }, { title: 'Log in' });
    });

    scope.post('/login', { ...anonymous, preHandler: scope.csrfProtection }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const next = safeNext(body.next);
      const token = typeof body.token === 'string' && body.token.length <= 600 ? body.token.trim() : '';
      const record = token ? await store.authenticate(token) : undefined;
      if (!record || !grants(record.scopes, 'read')) {
        request.log.warn({ route: '/login' }, 'dashboard login refused');
        return reply.code(401).view('login', { csrf: reply.generateCsrf(), next, error: 'That is not a live API token with the read or admin scope.', oidc: oidcLabel }, { title: 'Log in' });
      }
      // A fresh id on every login: a session id planted before login is never the one that becomes authenticated.
      const old = request.dashboardPrincipal?.sessionId;
      if (old) await sessions.close(old);
      await startSession(reply, sessions, { principal: record.name, scopes: record.scopes, tokenId: record.id, ttlMs });
      request.log.info({ principal: record.name }, 'dashboard login');
      await sessions.prune();
      return reply.redirect(next, 303);
    });

    scope.post('/logout', { ...anonymous, preHandler: scope.csrfProtection }, async (request, reply) => {
      const id = request.dashboardPrincipal?.sessionId;
      if (id) await sessions.close(id);
      reply.clearCookie(SESSION_COOKIE, { ...sessionCookieOptions(0), expires: new Date(0) });
      return reply.redirect('/login', 303);
    });

    // A database the dashboard never counted (a first start, a restore) is counted now, not on the first page view.
    scope.addHook('onReady', async () => {
      void openCounts(store.driver, Date.now()).catch((error: Error) => scope.log.warn({ err: error.message }, 'dashboard count at start failed'));
    });

    if (options.oidc) registerOidc(scope, sessions, options.oidc, ttlMs);
    registerPages(scope, store, options.now ? { now: options.now } : {});
    registerCompliancePages(scope, store, options.now ?? Date.now);

    // Every other GET: a 404 page for a person who is logged in. Like the API, an unknown path tells nothing to
    // someone who is not: a browser is sent to log in, anything else gets the API's 401.
    scope.get('/*', anonymous, async (request: FastifyRequest, reply: FastifyReply) => {
      const api = request.url.startsWith('/api/');
      if (!request.dashboardPrincipal) {
        if (api || !String(request.headers.accept ?? '').includes('text/html')) {
          return reply.code(401).header('www-authenticate', 'Bearer realm="rampart"').type('application/json').send({ error: 'unauthorized', reason: 'a valid bearer token is required' });
        }
        return reply.redirect(`/login?next=${encodeURIComponent(safeNext(request.url))}`, 303);
      }
      if (api) return reply.code(404).type('application/json').send({ error: 'not found' });
      return notFound(reply);
    });
  });
}
