import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiError, ClusterAccessError } from './errors.js';

/** A page of 500 objects stays far below this; anything larger is refused rather than buffered. */
export const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;
const REQUEST_TIMEOUT_MS = 60_000;

export interface ApiGetter {
  /** GET a JSON document; throws ApiError for an HTTP error answer, ClusterAccessError when the server cannot be used. */
  getJson(path: string, query?: Record<string, string>): Promise<unknown>;
}

/** One API request; the writes are `rampart admission install --apply` and the audit's PolicyReports (server-side apply). */
export interface ApiRequest {
  method: 'GET' | 'PATCH' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: string;
  contentType?: string;
}

export interface ApiClient extends ApiGetter {
  /** Any request with a JSON answer; errors as for getJson. */
  requestJson(request: ApiRequest): Promise<unknown>;
}

/**
 * Requests with client-node's credential handling (client certificates, tokens, exec plugins, proxies), so any
 * resource type found by discovery can be listed without a generated client for it.
 */
export class ClusterClient implements ApiClient {
  constructor(
    private readonly config: KubeConfig,
    private readonly server: string,
  ) {}

  getJson(path: string, query: Record<string, string> = {}): Promise<unknown> {
    return this.requestJson({ method: 'GET', path, query });
  }

  async requestJson({ method, path, query = {}, body, contentType }: ApiRequest): Promise<unknown> {
    const url = new URL(this.server + path);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const headers: Record<string, string> = { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': contentType ?? 'application/json' } : {}) };
    const options: https.RequestOptions = { method, headers, timeout: REQUEST_TIMEOUT_MS };
    try {
      // Per request: exec plugins and token files are re-read here when their credential expires.
      await this.config.applyToHTTPSOptions(options);
    } catch (error) {
      throw new ClusterAccessError(`cannot get credentials for ${this.server}: ${(error as Error).message}`);
    }
    const { status, body: answer } = await send(url, options, body);
    if (status >= 200 && status < 300) {
      try {
        return JSON.parse(answer) as unknown;
      } catch {
        throw new ApiError(status, 'InvalidResponse', `${path}: the server answered with invalid JSON`);
      }
    }
    if (status === 401) throw new ClusterAccessError(`${this.server} refused the credentials (401 Unauthorized)`);
    throw statusError(status, path, answer);
  }
}

function send(url: URL, options: https.RequestOptions, body?: string): Promise<{ status: number; body: string }> {
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, options, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          response.destroy();
          reject(new ApiError(0, 'TooLarge', `${url.pathname}: response larger than ${MAX_RESPONSE_BYTES} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', (error) => reject(unreachable(url, error)));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    request.on('error', (error) => reject(unreachable(url, error)));
    request.end(body);
  });
}

function unreachable(url: URL, error: Error): ClusterAccessError {
  const code = (error as NodeJS.ErrnoException).code;
  return new ClusterAccessError(`cannot reach the API server at ${url.origin}: ${error.message}${code && !error.message.includes(code) ? ` (${code})` : ''}`);
}

function statusError(status: number, path: string, body: string): ApiError {
  let reason = '';
  let message = '';
  try {
    const parsed = JSON.parse(body) as { reason?: unknown; message?: unknown };
    if (typeof parsed.reason === 'string') reason = parsed.reason;
    if (typeof parsed.message === 'string') message = parsed.message;
  } catch {
    // Not a Status object (a proxy's HTML page): the HTTP status says enough.
  }
  return new ApiError(status, reason || `HTTP ${status}`, message ? message.slice(0, 500) : `${path}: HTTP ${status}`);
}
