/**
 * Splits `K:V/K:V` metric lists. Returns undefined on any malformed part, a duplicate metric or a
 * value outside `allowed`, because a guessed score from a broken vector is worse than none.
 */
export function parseMetrics(
  parts: readonly string[],
  allowed: Readonly<Record<string, readonly string[]>>,
  mandatory: readonly string[],
): Map<string, string> | undefined {
  const metrics = new Map<string, string>();
  for (const part of parts) {
    const colon = part.indexOf(':');
    if (colon <= 0) return undefined;
    const key = part.slice(0, colon);
    const value = part.slice(colon + 1);
    const values = Object.hasOwn(allowed, key) ? allowed[key] : undefined;
    if (!values || !values.includes(value) || metrics.has(key)) return undefined;
    metrics.set(key, value);
  }
  return mandatory.every((key) => metrics.has(key)) ? metrics : undefined;
}
