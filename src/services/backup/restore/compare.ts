/**
 * Whether `existing` already holds everything `wanted` sets: every field of `wanted` present with an equal value.
 * Fields only `existing` has (defaults, what controllers and other managers added) do not count as a difference;
 * lists must match item by item, as the apiserver replaces them as a whole unless a merge key says otherwise.
 */
export function holds(existing: unknown, wanted: unknown): boolean {
  if (Array.isArray(wanted)) {
    return Array.isArray(existing) && existing.length === wanted.length && wanted.every((item, index) => holds(existing[index], item));
  }
  if (wanted !== null && typeof wanted === 'object') {
    if (existing === null || typeof existing !== 'object' || Array.isArray(existing)) return false;
    const have = existing as Record<string, unknown>;
    return Object.entries(wanted as Record<string, unknown>).every(([key, value]) => holds(have[key], value));
  }
  return existing === wanted;
}

/** The dotted paths (at most `limit`) where `existing` differs from `wanted`: what a conflict report names. */
export function differences(existing: unknown, wanted: unknown, limit = 5, path = ''): string[] {
  if (holds(existing, wanted)) return [];
  if (wanted !== null && typeof wanted === 'object' && !Array.isArray(wanted) && existing !== null && typeof existing === 'object' && !Array.isArray(existing)) {
    const found: string[] = [];
    for (const [key, value] of Object.entries(wanted as Record<string, unknown>)) {
      if (found.length >= limit) break;
      found.push(...differences((existing as Record<string, unknown>)[key], value, limit - found.length, path ? `${path}.${key}` : key));
    }
    return found;
  }
  return [path || '(root)'];
}
