import { isIPv4, isIPv6 } from 'node:net';
import { normalize, subtract, type Range, type RangeSet } from './intervals.js';

/**
 * Addresses live on one bigint line so a single interval set covers both families: IPv4 at
 * [0, 2^32), IPv6 shifted above it. Policies rarely mix them, and a set never needs a family tag.
 */
const V6_OFFSET = 1n << 32n;
export const IPV4_ALL: Range<bigint> = [0n, V6_OFFSET - 1n];
export const IPV6_ALL: Range<bigint> = [V6_OFFSET, V6_OFFSET + (1n << 128n) - 1n];

export type AddressSet = RangeSet<bigint>;

export function isIpv6Value(value: bigint): boolean {
  return value >= V6_OFFSET;
}

/** Parses `a.b.c.d/n` or an IPv6 CIDR; host bits are cleared as the API server's sloppy parser does. */
export function parseCidr(text: string): Range<bigint> | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (isIPv4(address)) {
    if (prefix > 32) return undefined;
    return block(parseIpv4(address), prefix, 32, 0n);
  }
  if (isIPv6(address) && !address.includes('%')) {
    if (prefix > 128) return undefined;
    return block(parseIpv6(address), prefix, 128, V6_OFFSET);
  }
  return undefined;
}

/** `10.0.0.0/8`, or a bare address as a /32 or /128. */
export function parseAddressOrCidr(text: string): Range<bigint> | undefined {
  return parseCidr(text.includes('/') ? text : `${text}/${text.includes(':') ? 128 : 32}`);
}

function block(value: bigint, prefix: number, bits: number, offset: bigint): Range<bigint> {
  const hostBits = BigInt(bits - prefix);
  const start = (value >> hostBits) << hostBits;
  return [offset + start, offset + start + (1n << hostBits) - 1n];
}

function parseIpv4(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n);
}

function parseIpv6(text: string): bigint {
  let body = text;
  const lastColon = body.lastIndexOf(':');
  const last = body.slice(lastColon + 1);
  if (last.includes('.')) {
    // `::ffff:1.2.3.4`: the dotted tail is the last two groups.
    const v4 = parseIpv4(last);
    body = `${body.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, rest] = body.includes('::') ? (body.split('::') as [string, string]) : [body, undefined];
  const headParts = head ? head.split(':') : [];
  const restParts = rest ? rest.split(':') : [];
  const zeros = rest !== undefined ? new Array<string>(8 - headParts.length - restParts.length).fill('0') : [];
  return [...headParts, ...zeros, ...restParts].reduce((acc, group) => (acc << 16n) + BigInt(parseInt(group, 16)), 0n);
}

export function formatAddress(value: bigint): string {
  if (!isIpv6Value(value)) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  }
  const raw = value - V6_OFFSET;
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => Number((raw >> shift) & 0xffffn));
  // RFC 5952: compress the longest run (of two or more) of zero groups, the first one on ties.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** `first-last` per range, as np-guard's netpol-analyzer prints address ranges. */
export function formatAddressSet(set: AddressSet, separator = ', '): string {
  return set.map(([s, e]) => `${formatAddress(s)}-${formatAddress(e)}`).join(separator);
}

/** An ipBlock's addresses: its CIDR minus its exceptions. */
export function ipBlockSet(cidr: Range<bigint>, except: ReadonlyArray<Range<bigint>>): Array<Range<bigint>> {
  return subtract([cidr], normalize(except));
}
