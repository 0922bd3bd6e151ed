/**
 * Pattern and validation building blocks shared by the SaaS, monitoring and AI detectors.
 * Kept regex-source based so every detector stays a plain, linear RegExp the search can run with `g`.
 */
import type { AssignmentOptions } from '../assignment.js';
import { decodeBase64 } from '../checksum.js';

/** Start of a token that must not continue a longer random string. */
export const TOKEN_START = '(?<![A-Za-z0-9_-])';
/** End of a token that must not be followed by more token characters. */
export const TOKEN_END = '(?![A-Za-z0-9_-])';

/**
 * How the SaaS, monitoring and AI detectors find a key in a setting named after the vendor (`DATADOG_API_KEY=`,
 * `"okta_token": "`, `datadog:\n  apiKey: `): vendors' keys have one exact alphabet, and their settings are often
 * nested under the vendor's name.
 */
export const VENDOR_SETTING = {
  secretCase: 'sensitive',
  nesting: 'one-level',
  end: TOKEN_END,
} as const satisfies AssignmentOptions;

/** A prefixed token: `prefix` is a literal, `body` regex source. */
export function prefixed(prefix: string, body: string, end = TOKEN_END): RegExp {
  return new RegExp(`${TOKEN_START}(?<secret>${prefix.replace(/[.$]/g, '\\$&')}${body})${end}`);
}

/** The JSON object base64 text decodes to, or `undefined`: several vendors embed claims in their tokens. */
export function decodeBase64Json(text: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64(text);
  if (bytes === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** True when `object` has every key; used to recognise a vendor's claim layout. */
export function hasKeys(object: Record<string, unknown> | undefined, keys: string[]): boolean {
  return object !== undefined && keys.every((key) => key in object);
}

/**
 * Rejects the runs that placeholders and redactions are made of (`xxxx…`, `0000…`, `abcdabcd…`) while letting through
 * random text of a small alphabet such as hex.
 */
export function looksRandom(text: string, minDistinct = 8): boolean {
  if (new Set(text).size < Math.min(minDistinct, text.length)) return false;
  return !/(.)\1{5}/.test(text);
}

/** A `validate` that confirms by structure when `check` holds and rejects the candidate otherwise. */
export function structural(check: (secret: string) => boolean): (secret: string) => 'structure' | false {
  return (secret) => (check(secret) ? 'structure' : false);
}

/** The last `-`/`.`/`_`-separated part of a token: where vendors put the random bytes. */
export function tail(secret: string): string {
  return secret.slice(Math.max(secret.lastIndexOf('-'), secret.lastIndexOf('.'), secret.lastIndexOf('_')) + 1);
}
