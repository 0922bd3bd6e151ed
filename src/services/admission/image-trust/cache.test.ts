import { describe, expect, it } from 'vitest';
import { SharedLookups, TtlCache } from './cache.js';

describe('TtlCache', () => {
  it('forgets entries when their time is up', () => {
    let now = 0;
    const cache = new TtlCache<string>(100, 10, () => now);
    cache.set('a', 'x');
    now = 99;
    expect(cache.get('a')).toBe('x');
    now = 100;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the oldest written', () => {
    const cache = new TtlCache<number>(1_000, 2, () => 0);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3);
    cache.set('c', 4);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([3, undefined, 4]);
  });

  it('stores nothing with a TTL of zero', () => {
    const cache = new TtlCache<number>(0, 10, () => 0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });
});

function deferred<V>(): { promise: Promise<V>; resolve(value: V): void; reject(error: unknown): void } {
  let resolve!: (value: V) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<V>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('SharedLookups', () => {
  const lookups = (): SharedLookups<string> => new SharedLookups(new TtlCache<string>(1_000, 10, () => 0));

  it('lets concurrent misses of one key share one lookup, and caches its answer', async () => {
    const shared = lookups();
    const answer = deferred<string>();
    let loads = 0;
    const load = (): Promise<string> => {
      loads++;
      return answer.promise;
    };
    const both = Promise.all([shared.get('k', undefined, load), shared.get('k', undefined, load)]);
    answer.resolve('v');
    expect(await both).toEqual(['v', 'v']);
    expect(await shared.get('k', undefined, load)).toBe('v');
    expect(loads).toBe(1);
  });

  it('shares failures with the callers waiting but keeps none', async () => {
    const shared = lookups();
    const answer = deferred<string>();
    const first = shared.get('k', undefined, () => answer.promise);
    const second = shared.get('k', undefined, () => Promise.resolve('unused'));
    answer.reject(new Error('registry down'));
    await expect(first).rejects.toThrow('registry down');
    await expect(second).rejects.toThrow('registry down');
    expect(await shared.get('k', undefined, () => Promise.resolve('back'))).toBe('back');
  });

  it('stops a waiting caller at its own signal', async () => {
    const shared = lookups();
    const never = deferred<string>();
    void shared.get('k', undefined, () => never.promise);
    const controller = new AbortController();
    const waiting = shared.get('k', controller.signal, () => Promise.resolve('unused'));
    const reason = new Error('caller deadline');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });

  it('makes a waiting caller look up itself when the first caller gave up', async () => {
    const shared = lookups();
    const controller = new AbortController();
    const leaderLoad = deferred<string>();
    const leader = shared.get('k', controller.signal, () => leaderLoad.promise);
    const follower = shared.get('k', undefined, () => Promise.resolve('own answer'));
    const reason = new Error('leader deadline');
    controller.abort(reason);
    leaderLoad.reject(reason);
    await expect(leader).rejects.toBe(reason);
    expect(await follower).toBe('own answer');
  });
});
