import { crc32Base62 } from '../checksum.js';

export const DIGITS = '0123456789';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const HEX = '0123456789abcdef';
export const BASE62 = DIGITS + UPPER + LOWER;
export const BASE64URL = BASE62 + '-_';

/** Deterministic pseudo-random text (mulberry32), so test tokens look random yet never change between runs. */
export function randomText(alphabet: string, length: number, seed: number): string {
  let state = seed >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out += alphabet[Math.floor(r * alphabet.length)];
  }
  return out;
}

export function randomUuid(seed: number): string {
  const hex = randomText(HEX, 32, seed);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** A GitHub/npm-style token with a correct CRC32 tail. */
export function checksummedToken(prefix: string, seed: number): string {
  const random = randomText(BASE62, 30, seed);
  return `${prefix}${random}${crc32Base62(random)}`;
}
