// Shared by the benchmarks: deterministic inputs and the statistic we report.

/** mulberry32: deterministic, and without the short low-bit cycles of a power-of-two LCG. */
export function seededRandom(seed) {
  let state = seed;
  const random = (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  return { random, pick: (list) => list[random(list.length)] };
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
