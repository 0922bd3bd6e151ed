export interface BackoffPolicy {
  /** Wait after the first failure; doubled after each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_WATCH_BACKOFF: BackoffPolicy = { baseDelayMs: 30_000, maxDelayMs: 60 * 60 * 1000 };

/**
 * Per-repository backoff across polls: a registry that is down is asked again later and later, with full jitter so
 * replicas and repositories of one registry do not come back in step, and forgotten on the first success.
 */
export class Backoff {
  private readonly policy: BackoffPolicy;
  private readonly state = new Map<string, { failures: number; retryAt: number }>();

  constructor(
    policy: Partial<BackoffPolicy> = {},
    private readonly random: () => number = Math.random,
  ) {
    this.policy = { ...DEFAULT_WATCH_BACKOFF, ...policy };
  }

  retryAt(key: string): number | undefined {
    return this.state.get(key)?.retryAt;
  }

  failed(key: string, now: number): { failures: number; retryAt: number } {
    const failures = (this.state.get(key)?.failures ?? 0) + 1;
    const ceiling = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** Math.min(failures - 1, 30));
    // Half fixed, half random: never sooner than half the step, so a dead registry is not hammered by bad luck.
    const delay = Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
    const entry = { failures, retryAt: now + delay };
    this.state.set(key, entry);
    return entry;
  }

  succeeded(key: string): void {
    this.state.delete(key);
  }
}
