/** Typed views of untrusted YAML values: a field may hold anything, so every read is checked. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function getPath(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let current: unknown = value;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      const record = asRecord(current);
      if (!record) return undefined;
      current = record[segment];
    }
  }
  return current;
}

/** `spec.containers[0].securityContext` from `['spec','containers',0,'securityContext']`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
