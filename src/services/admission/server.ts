import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHttpApp, listenHttp } from '../http/fastify.js';
import { pino, type Logger } from 'pino';
import { serviceLogger } from '../http/logger.js';
import { asRecord } from '../../parsers/kubernetes/values.js';
import { readKeyPair, type CertificateFiles } from '../http/certificates.js';
import type { AdmissionDecider, Decision } from './decide.js';
import { AdmissionMetrics, outcomeOf, type Endpoint } from './metrics.js';
import type { NamespaceLabelSource } from './namespaces.js';
import { parseAdmissionReview, reviewResponse, ReviewError, type AdmissionRequest } from './review.js';
import { WARM_UP_HEADER, WarmUp } from './warm-up.js';

/** The API server refuses request bodies over 3 MiB and etcd objects over 1.5 MiB: a review (object and old object) fits. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024 + 512 * 1024;
/** A client that has not sent its whole request by then is cut off, so slow senders cannot hold sockets. */
const REQUEST_TIMEOUT_MS = 15_000;
/** The API server keeps connections to webhooks open; idle ones are kept a while for it to reuse. */
const KEEP_ALIVE_MS = 75_000;

export interface AdmissionServerOptions {
  decider: AdmissionDecider;
  namespaces: NamespaceLabelSource;
  /** HTTPS with these files, reloaded when they change. */
  tls?: CertificateFiles & { pollMs?: number };
  /** Plain HTTP, for local debugging only: the CLI names the flag so nobody turns it on by accident. */
  insecureHttp?: boolean;
  port: number;
  address: string;
  logger?: Logger;
  metrics?: AdmissionMetrics;
  /** Told of every decision after it is made (e.g. to send it to `rampart serve`); must not block, and cannot fail it. */
  onDecision?: (request: AdmissionRequest, decision: Decision) => void;
  /**
   * Reviews the server sends itself once listening, not ready until they are done (warm-up.ts), decided by `decider`:
   * the same rules without image trust or the cluster's namespaces, so warming up calls no registry and no API. They
   * are not counted, logged or passed to `onDecision`.
   */
  warmUp?: { decider: AdmissionDecider; requests: number };
}

export interface AdmissionServer {
  /** The bound address, e.g. `https://127.0.0.1:8443`. */
  url: string;
  port: number;
  metrics: AdmissionMetrics;
  /** Stops accepting connections, lets in-flight reviews finish, then stops watching files and namespaces. */
  close(): Promise<void>;
}

export async function startAdmissionServer(options: AdmissionServerOptions): Promise<AdmissionServer> {
  if (!options.tls && !options.insecureHttp) throw new Error('the admission server needs a TLS certificate and key');
  const logger = options.logger ?? serviceLogger('rampart-admission');
  const metrics = options.metrics ?? new AdmissionMetrics();
  const pair = options.tls ? await readKeyPair(options.tls) : undefined;
  const app = createHttpApp(pair, logger, { bodyLimit: MAX_BODY_BYTES, requestTimeoutMs: REQUEST_TIMEOUT_MS, keepAliveMs: KEEP_ALIVE_MS });
  // Warm-up reviews take the whole path of real ones, into a metrics registry and a logger that are thrown away.
  const warmUp = options.warmUp && options.warmUp.requests > 0 ? { ...options.warmUp, state: new WarmUp(), metrics: new AdmissionMetrics(), logger: pino({ level: 'silent' }) } : undefined;

  // Every body arrives as bytes: the content type and JSON are checked by the handler, so each refusal is a 400
  // with a reason rather than fastify's 415 or a generic parse error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const endpoint = endpointOf(request.url);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return badRequest(reply, metrics, endpoint, `the body is larger than ${MAX_BODY_BYTES} bytes`);
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return badRequest(reply, metrics, endpoint, error.message);
    logger.error({ err: error, endpoint }, 'admission request failed');
    metrics.request(endpoint, 500);
    return reply.code(500).send({ error: 'internal error' });
  });

  app.get('/healthz', async (_request, reply) => reply.type('text/plain').send('ok'));
  app.get('/readyz', async (_request, reply) => {
    // Rules are selected before the server starts; the namespace cache and the warm-up are what can still be missing.
    const missing = warmUp?.state.warming ? 'warming up' : options.namespaces.synced() ? undefined : 'namespace cache not synced';
    return reply.code(missing ? 503 : 200).type('text/plain').send(missing ?? 'ok');
  });
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));

  for (const endpoint of ['validate', 'mutate'] as const) {
    app.post(`/${endpoint}`, async (request, reply) => review(endpoint, request, reply));
  }

  const review = async (endpoint: Endpoint, request: FastifyRequest, reply: FastifyReply) => {
    // Checked only while warming up: afterwards no request is one, whatever it sends.
    const warming = warmUp?.state.warming === true && warmUp.state.isWarmUpRequest(request.headers[WARM_UP_HEADER]) ? warmUp : undefined;
    const sink = warming ?? { decider: options.decider, metrics, logger };
    const contentType = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/json') return badRequest(reply, sink.metrics, endpoint, `the content type must be application/json, not ${contentType ? JSON.stringify(contentType.slice(0, 64)) : 'missing'}`);
    let admission: AdmissionRequest;
    try {
      admission = parseAdmissionReview(parseJson(request.body as Buffer));
    } catch (error) {
      if (error instanceof ReviewError) return badRequest(reply, sink.metrics, endpoint, error.message);
      throw error;
    }
    const started = performance.now();
    const decision = await (endpoint === 'validate' ? sink.decider.validate(admission) : sink.decider.mutate(admission));
    const seconds = (performance.now() - started) / 1000;
    sink.metrics.decision(endpoint, decision, seconds);
    logDecision(sink.logger, endpoint, admission, decision, seconds);
    // A dry run deploys nothing, so it is not part of the record of what was admitted.
    if (options.onDecision && !admission.dryRun && !warming) {
      try {
        options.onDecision(admission, decision);
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'decision hook failed');
      }
    }
    sink.metrics.request(endpoint, 200);
    return reply.type('application/json').send(reviewResponse(decision.response));
  };

  const listening = await listenHttp(app, { port: options.port, address: options.address, ...(pair ? { pair } : {}), ...(options.tls ? { files: options.tls } : {}), logger });
  if (warmUp) {
    const started = performance.now();
    try {
      await warmUp.state.run(ownUrl(listening.url, options.address), warmUp.requests);
      logger.info({ reviews: warmUp.requests, ms: Math.round(performance.now() - started) }, 'warmed up');
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'warm-up failed; serving cold');
    }
  }
  return {
    url: listening.url,
    port: listening.port,
    metrics,
    async close() {
      await listening.close();
      await options.namespaces.close();
    },
  };
}

/** The server's own socket from inside the process: a wildcard address is reached on loopback. */
function ownUrl(url: string, address: string): string {
  const own = new URL(url);
  if (address === '0.0.0.0') own.hostname = '127.0.0.1';
  else if (address === '::') own.hostname = '[::1]';
  return own.href;
}

function endpointOf(url: string): string {
  const path = url.split('?')[0]!;
  return path === '/validate' || path === '/mutate' ? path.slice(1) : 'other';
}

function badRequest(reply: FastifyReply, metrics: AdmissionMetrics, endpoint: string, reason: string) {
  metrics.request(endpoint, 400);
  // A misconfigured caller (or a probe) is worth a line; the reason quotes no body content.
  reply.log.warn({ endpoint, reason }, 'admission request refused');
  return reply.code(400).type('application/json').send({ error: 'bad request', reason });
}

/** Kubernetes objects never hold `__proto__` keys; a body that does is refused rather than risk prototype tricks. */
function parseJson(body: Buffer | undefined): unknown {
  if (!body || body.length === 0) throw new ReviewError('the body is empty');
  const text = body.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReviewError(`the body is not valid JSON (${(error as Error).message.slice(0, 120)})`);
  }
  if (text.includes('"__proto__"')) {
    JSON.parse(text, (key, item: unknown) => {
      if (key === '__proto__') throw new ReviewError('the body holds a "__proto__" key');
      return item;
    });
  }
  return value;
}

/**
 * One line per decision that did something (denied, warned, patched, failed), at debug level for the rest: who, what
 * and the verdict, never the object's content. At a thousand clean reviews a second, a line each was a thousand lines
 * of noise and 2 to 3% of the CPU; the API server's audit log already records every request.
 */
function logDecision(logger: Logger, endpoint: Endpoint, request: AdmissionRequest, decision: Decision, seconds: number): void {
  const quiet = !decision.failure && decision.verdicts.length === 0 && decision.response.allowed && !decision.response.patch && !decision.response.warnings?.length;
  if (quiet && !logger.isLevelEnabled('debug')) return;
  const metadata = asRecord(request.object?.metadata) ?? asRecord(request.oldObject?.metadata);
  const name = request.name ?? (typeof metadata?.name === 'string' ? metadata.name : typeof metadata?.generateName === 'string' ? `${metadata.generateName}*` : undefined);
  const entry = {
    endpoint,
    uid: request.uid,
    kind: request.kind.kind,
    namespace: request.namespace,
    name,
    operation: request.operation,
    user: request.userInfo.username,
    dryRun: request.dryRun,
    allowed: decision.response.allowed,
    outcome: outcomeOf(decision),
    rules: decision.verdicts.map((v) => `${v.ruleId}:${v.action}`),
    ...(decision.response.patch ? { patchOps: decision.response.patch.length } : {}),
    ...(decision.skipped ? { skipped: decision.skipped } : {}),
    ...(decision.failure ? { failure: decision.failure.message } : {}),
    durationMs: Math.round(seconds * 1e6) / 1e3,
  };
  if (decision.failure) logger.warn(entry, 'admission decision by failurePolicy');
  else if (quiet) logger.debug(entry, 'admission decision');
  else logger.info(entry, 'admission decision');
}
