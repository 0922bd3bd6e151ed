import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { basename, dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { TOOL_NAME, TOOL_VERSION } from '../../../core/version.js';

/**
 * `not-found`: 404/410, the name is wrong. `http`: another refusal. `network`: connection, timeout
 * or truncated body. `deadline`: the whole download took longer than allowed (not retried). `disk`:
 * the file could not be written. `too-large`: over the size limit.
 */
export type DownloadErrorKind = 'not-found' | 'http' | 'network' | 'deadline' | 'disk' | 'too-large' | 'bad-url';

export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    readonly kind: DownloadErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }

  /** Worth another attempt: the server or the network may be better in a moment. */
  get retryable(): boolean {
    return this.kind === 'network' || (this.kind === 'http' && (this.status === 429 || (this.status ?? 0) >= 500));
  }
}

export interface HttpOptions {
  /** Longest silence from the server (connecting, headers or body) before the attempt fails. Default 60 s. */
  timeoutMs?: number;
  /**
   * The whole request, retries and every byte of the body included, within this time: a server that trickles a byte
   * now and then never trips the silence timeout. Default 1 hour (the largest OSV archive at a few Mbit/s).
   */
  deadlineMs?: number;
  /** Attempts per request, retries of 5xx, 429 and network errors included. Default 4. */
  attempts?: number;
  /** Delay before the first retry, doubled for each further one. Default 1 s. */
  backoffMs?: number;
  /** Told before each retry, so a user watching knows why nothing moves. */
  onRetry?: (error: DownloadError, attempt: number, delayMs: number) => void;
}

/** Cache validators from a previous download, sent as If-None-Match / If-Modified-Since. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface DownloadOptions extends HttpOptions {
  validators?: Validators;
  /** Refuse bodies larger than this. Default 4 GiB. */
  maxBytes?: number;
  onProgress?: (received: number, total: number | undefined) => void;
}

export type DownloadOutcome =
  | { status: 'not-modified' }
  | { status: 'downloaded'; bytes: number; sha256: string; etag?: string; lastModified?: string };

const DEFAULT_MAX_BYTES = 4 * 1024 ** 3;
const DEFAULT_DEADLINE_MS = 60 * 60 * 1000;
const MAX_REDIRECTS = 5;
const FS_SYSCALLS = new Set(['open', 'write', 'close', 'rename', 'fsync', 'mkdir', 'unlink']);

/**
 * Streams `url` into `destination` through a temp file beside it, renamed into place only once the
 * whole body arrived, so an interrupted download never replaces a good file.
 */
export async function downloadFile(url: string, destination: string, options: DownloadOptions = {}): Promise<DownloadOutcome> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return withRetries(url, options, async (signal) => {
    const { response, timeout } = await open(url, conditionalHeaders(options.validators), signal, options.timeoutMs);
    if (response.statusCode === 304) {
      response.resume();
      if (!options.validators?.etag && !options.validators?.lastModified)
        throw new DownloadError('http', `${url}: 304 Not Modified to an unconditional request`, 304);
      return { status: 'not-modified' };
    }
    const total = declaredLength(response);
    if (total !== undefined && total > maxBytes) {
      response.destroy();
      throw new DownloadError('too-large', `${url}: ${total} bytes, more than the ${maxBytes}-byte limit`);
    }
    const temp = join(dirname(destination), `.${basename(destination)}.${process.pid}.${randomBytes(6).toString('hex')}.part`);
    const hash = createHash('sha256');
    let received = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        if (received > maxBytes) return done(new DownloadError('too-large', `${url}: more than the ${maxBytes}-byte limit`));
        hash.update(chunk);
        options.onProgress?.(received, total);
        done(null, chunk);
      },
    });
    const sink = createWriteStream(temp, { flags: 'wx' });
    try {
      await pipeline(response, meter, sink);
      if (total !== undefined && received !== total)
        throw new DownloadError('network', `${url}: connection closed after ${received} of ${total} bytes`);
      await rename(temp, destination);
    } catch (error) {
      // A failure before the file was opened (the limit passed in the first chunk) leaves the open pending: the file
      // appears after the pipeline has rejected, so it is removed once the stream has closed, not before.
      if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
      await rm(temp, { force: true });
      throw classify(error, url, timeout(), signal);
    }
    const etag = response.headers.etag;
    const lastModified = response.headers['last-modified'];
    return {
      status: 'downloaded',
      bytes: received,
      sha256: hash.digest('hex'),
      ...(etag ? { etag } : {}),
      ...(lastModified ? { lastModified } : {}),
    };
  });
}

/** A small text document (such as `ecosystems.txt`), held in memory up to `maxBytes` (default 1 MiB). */
export async function fetchText(url: string, options: HttpOptions & { maxBytes?: number } = {}): Promise<string> {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  return withRetries(url, options, async (signal) => {
    const { response, timeout } = await open(url, {}, signal, options.timeoutMs);
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) {
          response.destroy();
          throw new DownloadError('too-large', `${url}: more than ${maxBytes} bytes`);
        }
        chunks.push(chunk);
      }
    } catch (error) {
      throw classify(error, url, timeout(), signal);
    }
    const total = declaredLength(response);
    if (total !== undefined && size !== total) throw new DownloadError('network', `${url}: connection closed after ${size} of ${total} bytes`);
    return Buffer.concat(chunks).toString('utf8');
  });
}

async function withRetries<T>(url: string, options: HttpOptions, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const backoff = options.backoffMs ?? 1000;
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const signal = AbortSignal.timeout(deadlineMs);
  for (let n = 1; ; n++) {
    try {
      return await attempt(signal);
    } catch (error) {
      if (!(error instanceof DownloadError) || !error.retryable || n >= attempts) throw error;
      const delay = backoff * 2 ** (n - 1);
      options.onRetry?.(error, n, delay);
      await sleep(delay, undefined, { signal }).catch((cause: unknown) => {
        throw classify(cause, url, false, signal);
      });
    }
  }
}

function conditionalHeaders(validators: Validators | undefined): Record<string, string> {
  return {
    ...(validators?.etag ? { 'if-none-match': validators.etag } : {}),
    ...(validators?.lastModified ? { 'if-modified-since': validators.lastModified } : {}),
  };
}

function declaredLength(response: IncomingMessage): number | undefined {
  const header = response.headers['content-length'];
  return header && /^\d+$/.test(header) ? Number(header) : undefined;
}

interface Opened {
  response: IncomingMessage;
  /** Whether the idle timeout fired, to say "timed out" rather than the socket error it causes. */
  timeout: () => boolean;
}

/** GET with redirects followed (never from https to http); resolves on 200 or 304, throws otherwise. */
async function open(url: string, headers: Record<string, string>, signal: AbortSignal, timeoutMs = 60_000, redirects = 0): Promise<Opened> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new DownloadError('bad-url', `not a URL: ${url}`);
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new DownloadError('bad-url', `${url}: only https:// and http:// URLs are supported`);
  const client = target.protocol === 'https:' ? https : http;
  let timedOut = false;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    // The signal aborts the request and, once it has arrived, the response body too.
    const request = client.get(target, { headers: { 'user-agent': `${TOOL_NAME}/${TOOL_VERSION}`, ...headers }, signal }, resolve);
    request.setTimeout(timeoutMs, () => {
      timedOut = true;
      request.destroy(new DownloadError('network', `${url}: no answer for ${Math.round(timeoutMs / 1000)} s`));
    });
    request.on('error', (error) => reject(classify(error, url, timedOut, signal)));
  });
  const status = response.statusCode ?? 0;
  if (status === 200 || status === 304) return { response, timeout: () => timedOut };
  response.resume();
  const location = response.headers.location;
  if (status >= 300 && status < 400 && location) {
    if (redirects >= MAX_REDIRECTS) throw new DownloadError('http', `${url}: more than ${MAX_REDIRECTS} redirects`, status);
    const next = new URL(location, target);
    if (target.protocol === 'https:' && next.protocol !== 'https:') throw new DownloadError('http', `${url}: refusing a redirect from https to ${next.protocol}`, status);
    return open(next.href, headers, signal, timeoutMs, redirects + 1);
  }
  if (status === 404 || status === 410) throw new DownloadError('not-found', `${url}: not found (HTTP ${status})`, status);
  throw new DownloadError('http', `${url}: HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`, status);
}

function classify(error: unknown, url: string, timedOut: boolean, signal: AbortSignal): DownloadError {
  if (signal.aborted) return new DownloadError('deadline', `${url}: not complete within the time allowed for the download`);
  if (error instanceof DownloadError) return error;
  const { code, syscall, message } = error as NodeJS.ErrnoException;
  if (syscall && FS_SYSCALLS.has(syscall)) return new DownloadError('disk', `cannot write the download of ${url}: ${message}`);
  if (timedOut) return new DownloadError('network', `${url}: timed out`);
  return new DownloadError('network', `${url}: ${code && !message.includes(code) ? `${code} ` : ''}${message}`);
}
