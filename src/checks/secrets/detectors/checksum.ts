import { createPrivateKey } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { Confirmation } from '../types.js';

const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Fixed-width base62 (digits, upper, lower), the encoding GitHub and npm use for their token checksums. */
export function encodeBase62(value: number, width: number): string {
  let out = '';
  let rest = value;
  while (rest > 0) {
    out = BASE62_ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/** CRC32 of `text` as 6 base62 characters, the tail of GitHub (`ghp_` …) and npm (`npm_`) tokens. */
export function crc32Base62(text: string): string {
  return encodeBase62(crc32(text), 6);
}

/**
 * GitHub-style token: `<prefix>_` + 30 random base62 characters + their CRC32 in base62. Only the random part is
 * checksummed, never the prefix; a random 36-character string passes by chance about once in 4 billion.
 */
export function githubStyleChecksum(secret: string): Confirmation | false {
  const body = secret.slice(secret.indexOf('_') + 1);
  if (body.length !== 36) return false;
  return crc32Base62(body.slice(0, 30)) === body.slice(30) ? 'checksum' : false;
}

/** Bytes of standard or URL-safe base64, or undefined when the text is not base64 at all. */
export function decodeBase64(text: string): Buffer | undefined {
  const normalized = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normalized)) return undefined;
  return Buffer.from(normalized, 'base64');
}

/** Confirms base64 text whose decoded length is fixed by the format (an HMAC key, a signature). */
export function decodesToLength(text: string, length: number): Confirmation | false {
  return decodeBase64(text)?.length === length ? 'structure' : false;
}

/** Confirms PEM text (with JSON `\n` escapes undone) that Node can load as a private key. */
export function parsesAsPrivateKey(pem: string): Confirmation | false {
  try {
    createPrivateKey(pem.replace(/\\n/g, '\n'));
    return 'structure';
  } catch {
    return false;
  }
}

/**
 * Keeps random-looking values that mix letters and digits; context-only formats otherwise match words such as
 * `ReplaceWithYourOwnApiTokenValue` that entropy alone lets through.
 */
export function mixesLettersAndDigits(secret: string): Confirmation | false {
  return /[0-9]/.test(secret) && /[A-Za-z]/.test(secret) ? 'keyword' : false;
}
