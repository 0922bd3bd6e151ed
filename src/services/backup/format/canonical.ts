/**
 * JSON with object keys sorted, so the same API object always yields the same bytes and therefore the same blob
 * name: the API server does not promise a stable key order, and dedup across backups depends on it.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const record = inner as Record<string, unknown>;
    return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]]));
  });
}
