import { describe, expect, it } from 'vitest';
import { isRetryableStatus, parseRetryAfter, retryDelayMs, type RetryPolicy } from './retry.js';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

describe('retry policy', () => {
  it('retries 429 and 5xx only', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 301, 401, 403, 404, 400].some(isRetryableStatus)).toBe(false);
  });

  it('parses Retry-After seconds and dates, ignoring garbage', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:29:00 GMT'))).toBe(0);
    expect(parseRetryAfter('-1')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('backs off exponentially with jitter, capped, and obeys Retry-After up to its cap', () => {
    expect(retryDelayMs(1, policy, undefined, () => 0)).toBe(50);
    expect(retryDelayMs(1, policy, undefined, () => 1)).toBe(100);
    expect(retryDelayMs(3, policy, undefined, () => 1)).toBe(400);
    expect(retryDelayMs(10, policy, undefined, () => 1)).toBe(1000);
    expect(retryDelayMs(1, policy, 2000)).toBe(2000);
    expect(retryDelayMs(1, policy, 60_000)).toBe(5000);
  });
});
