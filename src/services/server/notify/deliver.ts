import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isLoopbackHost } from '../../../sources/image/registry/index.js';
import { isRetryableStatus, parseRetryAfter, retryDelayMs, type RetryPolicy } from '../../../sources/image/registry/retry.js';

export const SIGNATURE_HEADER = 'x-rampart-signature-256';
export const TIMESTAMP_HEADER = 'x-rampart-timestamp';
export const DELIVERY_HEADER = 'x-rampart-delivery';

/** Notifications wait longer than registry reads between attempts: a receiver that is down is often down for minutes. */
export const DEFAULT_NOTIFY_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000, maxRetryAfterMs: 300_000 };
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface DeliveryRequest {
  url: URL;
  body: string;
  /** Signs the body with HMAC-SHA256 over `<timestamp>.<body>`. */
  secret?: string;
  deliveryId: string;
  timeoutMs: number;
  retry: RetryPolicy;
  signal?: AbortSignal;
}

export interface DeliveryOutcome {
  ok: boolean;
  attempts: number;
  status?: number;
  /** Why the last attempt failed; never holds the URL, which for Slack is itself the credential. */
  error?: string;
}

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`): the timestamp is signed so a replay can be refused. */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Webhook URLs must use HTTPS: a signed body is still readable, and a Slack URL is a bearer credential. Plain HTTP
 * only to loopback (a local relay, tests) or when the configuration says so.
 */
export function checkTargetUrl(raw: string, allowInsecure: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('not a valid URL');
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && (allowInsecure || isLoopbackHost(url.hostname.replace(/^\[|\]$/g, '')))) return url;
  throw new Error(`${url.protocol} URL refused: notification targets must use https (insecure: true allows http)`);
}

/** Reads at most MAX_RESPONSE_BYTES of a response and drops the rest: receivers' answers are not trusted to be small. */
async function drain(response: Response): Promise<void> {
  const reader = response.body?.getReader();
  if (!reader) return;
  let read = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    read += value.byteLength;
    if (read > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      return;
    }
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  if (cause && typeof cause.code === 'string') return `network error ${cause.code}`;
  return error instanceof Error && error.name === 'AbortError' ? 'aborted' : 'network error';
}

/** POSTs a JSON body with retries on network errors, timeouts, 429 and 5xx; 2xx is success, any other status final. */
export async function deliver(request: DeliveryRequest, random = Math.random): Promise<DeliveryOutcome> {
  let last: DeliveryOutcome = { ok: false, attempts: 0 };
  for (let attempt = 1; attempt <= request.retry.maxAttempts; attempt++) {
    request.signal?.throwIfAborted();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'rampart',
      [DELIVERY_HEADER]: request.deliveryId,
      [TIMESTAMP_HEADER]: timestamp,
      ...(request.secret !== undefined ? { [SIGNATURE_HEADER]: signBody(request.secret, timestamp, request.body) } : {}),
    };
    const timeout = AbortSignal.timeout(request.timeoutMs);
    let retryAfter: number | undefined;
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers,
        body: request.body,
        // A redirect would carry the signed body and its headers somewhere nobody configured.
        redirect: 'error',
        signal: request.signal ? AbortSignal.any([timeout, request.signal]) : timeout,
      });
      await drain(response).catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true, attempts: attempt, status: response.status };
      last = { ok: false, attempts: attempt, status: response.status, error: `HTTP ${response.status}` };
      if (!isRetryableStatus(response.status)) return last;
      retryAfter = parseRetryAfter(response.headers.get('retry-after') ?? undefined);
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      last = { ok: false, attempts: attempt, error: describe(error) };
    }
    if (attempt < request.retry.maxAttempts)
      await sleep(retryDelayMs(attempt, request.retry, retryAfter, random), undefined, request.signal ? { signal: request.signal } : {});
  }
  return last;
}
