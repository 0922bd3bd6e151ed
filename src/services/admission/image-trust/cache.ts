/**
 * Results reused for `ttlMs`, bounded to `maxEntries` (the oldest entry goes first): an admission webhook sees the same
 * few hundred images over and over, and every miss costs registry round trips inside the apiserver's timeout.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * A TtlCache in front of a slow lookup, with concurrent misses of one key sharing one lookup: a Deployment scaled to
 * a hundred replicas sends a hundred pod admissions for the same image at once, and the registry should see one.
 * The lookup runs under the first caller's AbortSignal; each waiting caller stops waiting at its own signal, and
 * starts its own lookup if the first caller gave up before the answer came.
 */
export class SharedLookups<V> {
  private readonly pending = new Map<string, { promise: Promise<V>; signal: AbortSignal | undefined }>();

  constructor(private readonly cache: TtlCache<V>) {}

  async get(key: string, signal: AbortSignal | undefined, load: () => Promise<V>): Promise<V> {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const leader = this.pending.get(key);
    if (leader) {
      try {
        return await untilAborted(leader.promise, signal);
      } catch (error) {
        const leaderGaveUp = leader.signal?.aborted === true && error === leader.signal.reason;
        if (!leaderGaveUp || signal?.aborted) throw error;
      }
    }
    const promise = load().then((value) => {
      this.cache.set(key, value);
      return value;
    });
    const entry = { promise, signal };
    this.pending.set(key, entry);
    const settle = (): void => {
      if (this.pending.get(key) === entry) this.pending.delete(key);
    };
    promise.then(settle, settle);
    return promise;
  }
}

function untilAborted<V>(promise: Promise<V>, signal: AbortSignal | undefined): Promise<V> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<V>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
