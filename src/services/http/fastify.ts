import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { KeyPair } from './certificates.js';

export interface HttpLimits {
  bodyLimit: number;
  requestTimeoutMs: number;
  keepAliveMs: number;
}

/**
 * The one way Rampart's servers (the admission webhook, `rampart serve`) are built: HTTPS when given a key pair,
 * the caller's pino logger, body and time limits, idle connections closed on shutdown and 503 while closing.
 */
export function createHttpApp(pair: KeyPair | undefined, logger: Logger, limits: HttpLimits): FastifyInstance {
  return Fastify({
    ...(pair ? { https: { cert: pair.cert, key: pair.key } } : {}),
    loggerInstance: logger,
    // Handlers log one line per request with what matters; fastify's own per-request lines would double it.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: limits.bodyLimit,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveMs,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  }) as unknown as FastifyInstance;
}
