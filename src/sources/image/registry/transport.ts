import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { rootCertificates } from 'node:tls';
import { RegistryError } from './errors.js';

export interface TransportOptions {
  /** Extra trusted CA certificates (PEM), added to Node's default roots. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Time allowed from sending a request to receiving its response headers (connect and TLS included). */
  requestTimeoutMs: number;
  /** A response body that delivers nothing for this long while being read is abandoned. */
  idleTimeoutMs: number;
  /** Whether plain HTTP may be used for a host (redirect targets included). */
  allowPlainHttp(hostname: string): boolean;
  /** The image's overall deadline: when it fires, the request or body in flight fails with its reason. */
  signal?: AbortSignal;
}

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** HTTP GETs (and HEADs) with redirects, timeouts and connection reuse; one attempt, no retries. */
export class Transport {
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent: https.Agent;

  constructor(private readonly options: TransportOptions) {
    this.httpsAgent = new https.Agent({ keepAlive: true, ...(options.ca ? { ca: withDefaultRoots(options.ca) } : {}) });
  }

  /**
   * GETs `url`, following redirects. The Authorization header is dropped as soon as a redirect leaves the origin:
   * blob stores behind registries use pre-signed URLs, and the registry's credentials must not leak to them.
   */
  async get(url: URL, headers: Record<string, string>, method: 'GET' | 'HEAD' = 'GET'): Promise<IncomingMessage> {
    let current = url;
    let currentHeaders = headers;
    for (let redirects = 0; ; redirects++) {
      const response = await this.once(current, currentHeaders, method);
      const location = response.headers.location;
      if (!REDIRECT_STATUSES.has(response.statusCode ?? 0) || location === undefined) return response;
      response.resume();
      if (redirects >= MAX_REDIRECTS) throw new RegistryError('http', `too many redirects fetching ${url.href}`);
      const next = new URL(location, current);
      if (next.protocol !== 'https:' && next.protocol !== 'http:') {
        throw new RegistryError('invalid-response', `redirect to unsupported URL scheme ${next.protocol} from ${current.href}`);
      }
      if (next.origin !== current.origin) {
        const { authorization: _dropped, ...rest } = currentHeaders;
        currentHeaders = rest;
      }
      current = next;
    }
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private async once(url: URL, headers: Record<string, string>, method: 'GET' | 'HEAD'): Promise<IncomingMessage> {
    if (url.protocol === 'http:' && !this.options.allowPlainHttp(url.hostname.replace(/^\[|\]$/g, ''))) {
      throw new RegistryError('invalid-argument', `refusing plain HTTP to ${url.host} (pass the insecure option to allow it)`);
    }
    const { signal } = this.options;
    signal?.throwIfAborted();
    const client = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? this.httpsAgent : this.httpAgent;
    const timeoutMs = this.options.requestTimeoutMs;
    return new Promise((resolve, reject) => {
      const request = client.request(url, { method, agent, headers: { 'user-agent': 'rampart', ...headers } });
      request.end();
      let response: IncomingMessage | undefined;
      const onAbort = (): void => {
        response?.destroy(signal?.reason as Error);
        request.destroy(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => {
        request.destroy(new RegistryError('timeout', `no response from ${url.host} within ${timeoutMs} ms (GET ${url.pathname})`));
      }, timeoutMs);
      request.once('response', (answer) => {
        clearTimeout(timer);
        response = answer;
        answer.once('close', () => signal?.removeEventListener('abort', onAbort));
        armIdleTimeout(answer, this.options.idleTimeoutMs, () => {
          answer.destroy(new RegistryError('timeout', `download from ${url.host} stalled: no data for ${this.options.idleTimeoutMs} ms`));
        });
        resolve(answer);
      });
      request.once('error', (error) => {
        clearTimeout(timer);
        if (!response) signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted) reject(signal.reason);
        else reject(error instanceof RegistryError ? error : new RegistryError('network', `cannot reach ${url.host}: ${error.message}`, { cause: error }));
      });
    });
  }
}

/** Passing `ca` replaces Node's roots; a custom bundle should add to them (a private registry next to Docker Hub). */
function withDefaultRoots(ca: string | Buffer | Array<string | Buffer>): Array<string | Buffer> {
  return [...(Array.isArray(ca) ? ca : [ca]), ...rootCertificates];
}

/**
 * Polls the socket's byte counter rather than listening to 'data' (which would start the flow before the consumer
 * reads). Silence counts only while the consumer is ready for more: a paused or full (back-pressured) body, or one
 * already received in full, is not the server's fault.
 */
function armIdleTimeout(response: IncomingMessage, ms: number, onTimeout: () => void): void {
  const socket = response.socket;
  let lastBytes = socket.bytesRead;
  let lastProgress = Date.now();
  const timer = setInterval(() => {
    if (response.complete) {
      clearInterval(timer);
      return;
    }
    const waiting = response.isPaused() || response.readableLength >= response.readableHighWaterMark;
    if (waiting || socket.bytesRead !== lastBytes) {
      lastBytes = socket.bytesRead;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress >= ms) {
      clearInterval(timer);
      onTimeout();
    }
  }, Math.max(10, Math.min(1000, ms / 10)));
  timer.unref();
  response.once('close', () => clearInterval(timer));
}
