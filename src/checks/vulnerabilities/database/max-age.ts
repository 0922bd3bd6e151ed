/** How old a vulnerability database may be before scans warn: plain numbers and text, no database code. */
export const DEFAULT_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90m`, `12h`, `3d`, `2w` (a bare number is days) to milliseconds; undefined when unreadable. */
export function parseMaxAge(text: string): number | undefined {
  const match = /^(\d{1,6})([smhdw]?)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNITS[match[2] || 'd']!;
}

/** `3 days`, `5 hours`, `12 minutes`: the largest whole unit, for messages. */
export function formatAge(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms >= UNITS.d!) return plural(Math.floor(ms / UNITS.d!), 'day');
  if (ms >= UNITS.h!) return plural(Math.floor(ms / UNITS.h!), 'hour');
  return plural(Math.max(0, Math.floor(ms / UNITS.m!)), 'minute');
}
