import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImageTimeoutError } from '../deadline.js';
import { RegistryError } from './errors.js';
import { isRetryableStatus, parseRetryAfter, retryDelayMs, type RetryPolicy } from './retry.js';
import type { Transport } from './transport.js';

/** Transport GETs retried on 429, 5xx, timeouts and network errors; the last failed response is returned, not thrown. */
export class RetryingFetcher {
  constructor(
    private readonly transport: Transport,
    private readonly policy: RetryPolicy,
    private readonly signal?: AbortSignal,
  ) {}

  async get(url: URL, headers: Record<string, string>, method: 'GET' | 'HEAD' = 'GET'): Promise<IncomingMessage> {
    for (let attempt = 1; ; attempt++) {
      let response: IncomingMessage;
      try {
        response = await this.transport.get(url, headers, method);
      } catch (error) {
        if (!isTransient(error) || attempt >= this.policy.maxAttempts) throw error;
        await this.pause(retryDelayMs(attempt, this.policy));
        continue;
      }
      if (!isRetryableStatus(response.statusCode ?? 0) || attempt >= this.policy.maxAttempts) return response;
      response.resume();
      const retryAfter = parseRetryAfter(firstHeader(response.headers['retry-after']));
      await this.pause(retryDelayMs(attempt, this.policy, retryAfter));
    }
  }

  /** A backoff, cut short by the deadline (a Retry-After of a minute must not outlive it). */
  private async pause(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, this.signal ? { signal: this.signal } : {});
    } catch (error) {
      throw this.signal?.aborted ? this.signal.reason : error;
    }
  }
}

function isTransient(error: unknown): boolean {
  return error instanceof RegistryError && (error.code === 'network' || error.code === 'timeout');
}

export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reads a whole (small) body, refusing it as soon as it exceeds `limit` bytes. */
export async function readLimitedBody(response: IncomingMessage, limit: number, what: string): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    response.destroy();
    throw new RegistryError('too-large', `${what} is ${declared} bytes, over the ${limit}-byte limit`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response) {
      const buffer = chunk as Buffer;
      total += buffer.length;
      if (total > limit) {
        response.destroy();
        throw new RegistryError('too-large', `${what} is over the ${limit}-byte limit`);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    throw asStreamError(error, what);
  }
  return Buffer.concat(chunks);
}

export function asStreamError(error: unknown, what: string): Error {
  if (error instanceof RegistryError || error instanceof ImageTimeoutError) return error;
  return new RegistryError('network', `connection lost while reading ${what}: ${(error as Error).message}`, { cause: error });
}
