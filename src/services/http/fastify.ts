import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Server as HttpsServer } from 'node:https';
import type { Logger } from 'pino';
import { watchCertificates, type CertificateFiles, type CertificateWatcher, type KeyPair } from './certificates.js';

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

export interface ListenOptions {
  port: number;
  address: string;
  /** The pair the app was built with; with `files`, new handshakes get the new pair when the files change. */
  pair?: KeyPair;
  files?: CertificateFiles & { pollMs?: number };
  logger: Logger;
}

export interface Listening {
  /** The bound address, e.g. `https://127.0.0.1:8443`. */
  url: string;
  port: number;
  /** Stops watching the certificate files, then closes the app (in-flight requests finish). */
  close(): Promise<void>;
}

/** Starts listening and, when serving from files, reloads the certificate as it is renewed. */
export async function listenHttp(app: FastifyInstance, options: ListenOptions): Promise<Listening> {
  await app.listen({ port: options.port, host: options.address });
  const server = app.server as HttpsServer;
  const { files, pair, logger } = options;
  let certificates: CertificateWatcher | undefined;
  if (files && pair) {
    certificates = watchCertificates(files, pair, (next) => {
      // New handshakes use the new pair; connections already open keep theirs until they close.
      server.setSecureContext({ cert: next.cert, key: next.key });
      logger.info({ certFile: files.certFile }, 'serving certificate reloaded');
    }, { ...(files.pollMs ? { pollMs: files.pollMs } : {}), onError: (error) => logger.warn({ err: error.message }, 'serving certificate not reloaded') });
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.address.includes(':') ? `[${options.address}]` : options.address;
  return {
    url: `${pair ? 'https' : 'http'}://${host}:${port}`,
    port,
    async close() {
      certificates?.close();
      await app.close();
    },
  };
}
