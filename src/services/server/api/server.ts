import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHttpApp, listenHttp } from '../../http/fastify.js';
import type { Logger } from 'pino';
import { serviceLogger } from '../../http/logger.js';
import { readKeyPair, type CertificateFiles } from '../../http/certificates.js';
import { StoreInputError, type Store } from '../store/store.js';
import { grants, type Scope } from '../store/tokens.js';
import type { TokenRecord } from '../store/types.js';
import { ServerMetrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { apiRoutes, BadInputError, MAX_BODY_BYTES, type RouteSpec } from './routes.js';
import { registerDashboard, type DashboardOptions } from '../dashboard/index.js';

/** A client that has not sent its whole request by then is cut off: slow senders cannot hold sockets. */
const REQUEST_TIMEOUT_MS = 60_000;
const KEEP_ALIVE_MS = 75_000;

export interface ApiServerOptions {
  store: Store;
  address: string;
  port: number;
  /** Certificate files (reloaded when they change) or PEM text (a generated certificate). */
  tls?: { files: CertificateFiles; pollMs?: number } | { cert: string; key: string };
  /** Plain HTTP behind a TLS-terminating proxy; never the default. */
  insecureHttp?: boolean;
  logger?: Logger;
  metrics?: ServerMetrics;
  /** Extra readiness conditions (e.g. the worker's state); a string says what is not ready. */
  ready?: () => Promise<string | undefined>;
  /** The web dashboard's settings (OIDC login); the dashboard is always served at `/`. */
  dashboard?: DashboardOptions;
}

export interface ApiServer {
  url: string;
  port: number;
  routes: readonly RouteSpec[];
  metrics: ServerMetrics;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    rampartToken?: TokenRecord;
  }
  interface FastifyContextConfig {
    scope?: Scope | 'public';
  }
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  if (!options.tls && !options.insecureHttp) throw new Error('the server needs a TLS certificate, or plain HTTP asked for by name');
  const { store } = options;
  const logger = options.logger ?? serviceLogger('rampart-server');
  const metrics = options.metrics ?? new ServerMetrics();
  const pair = options.tls ? ('files' in options.tls ? await readKeyPair(options.tls.files) : { cert: Buffer.from(options.tls.cert), key: Buffer.from(options.tls.key) }) : undefined;
  const app = createHttpApp(pair, logger, { bodyLimit: MAX_BODY_BYTES, requestTimeoutMs: REQUEST_TIMEOUT_MS, keepAliveMs: KEEP_ALIVE_MS });

  const ready = async (): Promise<string | undefined> => {
    try {
      await store.ping();
    } catch (error) {
      return `database unreachable: ${(error as Error).message}`;
    }
    return options.ready?.();
  };
  const routes = apiRoutes(store, ready);
  const all: RouteSpec[] = [
    ...routes,
    {
      method: 'GET', url: '/metrics', summary: 'Prometheus metrics (a read token: scrape with `authorization.credentials_file`).', scope: 'read', tags: ['probes'], schema: {},
      handler: async (_input, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
    },
  ];
  const openApi = openApiDocument([...all, { method: 'GET', url: '/api/v1/openapi.json', summary: 'This document.', scope: 'read', tags: ['meta'], schema: {}, handler: async () => undefined }]);
  all.push({ method: 'GET', url: '/api/v1/openapi.json', summary: 'This document.', scope: 'read', tags: ['meta'], schema: {}, handler: async () => openApi });

  // Authentication comes first, before the body is read: an anonymous upload is refused without being received.
  app.addHook('onRequest', async (request, reply) => {
    const scope = request.routeOptions.config.scope;
    if (scope === 'public') return;
    const token = await authenticate(store, request);
    if (!token) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="rampart"').send({ error: 'unauthorized', reason: 'a valid bearer token is required' });
    }
    // An unknown path is answered (404) only for a holder of some token.
    if (scope !== undefined && !grants(token.scopes, scope)) {
      return reply.code(403).send({ error: 'forbidden', reason: `the token lacks the ${scope} scope` });
    }
    request.rampartToken = token;
  });

  // Weak validators would do, but a strong one is as cheap: the hash of exactly the bytes sent.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag).header('cache-control', 'private, no-cache');
    const match = request.headers['if-none-match'];
    if (match !== undefined && match.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.request(route, request.method, reply.statusCode, seconds);
    if (route === '/healthz' || route === '/readyz' || route === '/metrics') return;
    request.log.info({ method: request.method, route, code: reply.statusCode, token: request.rampartToken?.name, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string; validation?: unknown }, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: 'payload too large', reason: error.message });
    if (error.validation) return reply.code(400).send({ error: 'bad request', reason: error.message.slice(0, 1000) });
    if (error instanceof StoreInputError || error instanceof BadInputError) return reply.code(400).send({ error: 'bad request', reason: error.message });
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return reply.code(error.statusCode).send({ error: 'bad request', reason: error.message });
    request.log.error({ err: error, route: request.routeOptions.url }, 'request failed');
    return reply.code(500).send({ error: 'internal error' });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not found' }));

  for (const route of all) {
    app.route({
      method: route.method,
      url: route.url,
      schema: route.schema,
      config: { scope: route.scope },
      ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
      handler: async (request: FastifyRequest, reply: FastifyReply) =>
        route.handler({ query: (request.query ?? {}) as Record<string, unknown>, params: (request.params ?? {}) as Record<string, unknown>, body: request.body, token: request.rampartToken }, reply),
    });
  }

  // The dashboard accepts the API's bearer tokens too, read the same way.
  await registerDashboard(app, store, { ...options.dashboard, bearer: (request) => authenticate(store, request) });

  const files = options.tls && 'files' in options.tls ? { ...options.tls.files, ...(options.tls.pollMs ? { pollMs: options.tls.pollMs } : {}) } : undefined;
  const listening = await listenHttp(app, { port: options.port, address: options.address, ...(pair ? { pair } : {}), ...(files ? { files } : {}), logger });
  return { ...listening, routes: all, metrics };
}

async function authenticate(store: Store, request: FastifyRequest): Promise<TokenRecord | undefined> {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer ([A-Za-z0-9_\-.~+/]{16,512}=*)$/i.exec(header.trim());
  return match ? store.authenticate(match[1]!) : undefined;
}
