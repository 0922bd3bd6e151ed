/** BIP-173 bech32 checksums, as used by age identities (`AGE-SECRET-KEY-1…`). */

export const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    GENERATOR.forEach((g, i) => {
      if ((top >>> i) & 1) checksum ^= g;
    });
  }
  return checksum;
}

function expandHrp(hrp: string): number[] {
  const codes = [...hrp].map((ch) => ch.charCodeAt(0));
  return [...codes.map((c) => c >>> 5), 0, ...codes.map((c) => c & 31)];
}

/** The six checksum characters for `hrp` and data already in the bech32 alphabet. */
export function bech32Checksum(hrp: string, data: string): string {
  const values = [...expandHrp(hrp), ...[...data].map((ch) => BECH32_CHARSET.indexOf(ch)), 0, 0, 0, 0, 0, 0];
  const mod = polymod(values) ^ 1;
  return Array.from({ length: 6 }, (_, i) => BECH32_CHARSET[(mod >>> (5 * (5 - i))) & 31]).join('');
}

/** True for a well-formed bech32 string (single case, known alphabet, valid checksum). */
export function isValidBech32(text: string): boolean {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return false;
  const lower = text.toLowerCase();
  const separator = lower.lastIndexOf('1');
  if (separator < 1 || lower.length - separator < 7) return false;
  const data = [...lower.slice(separator + 1)].map((ch) => BECH32_CHARSET.indexOf(ch));
  if (data.includes(-1)) return false;
  return polymod([...expandHrp(lower.slice(0, separator)), ...data]) === 1;
}
