import { CelScalar, celFunc, celMethod, type CelFunc, type CelValue } from '@bufbuild/cel';
import { opaqueType } from '../opaque.js';

/** An address as a 32- or 128-bit number. */
export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

export interface Cidr {
  ip: IpAddress;
  prefix: number;
}

const { STRING, BOOL, INT } = CelScalar;

/** Dotted decimal with no leading zeros, as Go's netip (and so Kubernetes) reads it. */
function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseIPv6(text: string): bigint | undefined {
  if (text.includes('%')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIPv4(part);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
        out.push(parseInt(part, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail].reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Kubernetes' `ip()`: IPv4 or IPv6, no zone, and no IPv4-mapped IPv6 address. */
export function parseIp(text: string): IpAddress | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIPv6(text);
  if (v6 === undefined || v6 >> 32n === 0xffffn) return undefined;
  return { family: 6, value: v6 };
}

function bits(ip: IpAddress): number {
  return ip.family === 4 ? 32 : 128;
}

export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((ip.value >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952: the longest run of two or more zero groups, the first if tied, becomes '::'.
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^(0|[1-9]\d{0,2})$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix > bits(ip) ? undefined : { ip, prefix };
}

function mask(family: 4 | 6, prefix: number): bigint {
  const width = BigInt(family === 4 ? 32 : 128);
  return ((1n << width) - 1n) ^ ((1n << (width - BigInt(prefix))) - 1n);
}

function contains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.ip.family !== ip.family) return false;
  const m = mask(ip.family, cidr.prefix);
  return (cidr.ip.value & m) === (ip.value & m);
}

export const ipType = opaqueType<IpAddress>('ip');
export const cidrType = opaqueType<Cidr>('cidr');
const IP = ipType.type;
const CIDR = cidrType.type;

const wrapIp = (ip: IpAddress) => ipType.wrap(ip, formatIp(ip));
const formatCidr = (cidr: Cidr) => `${formatIp(cidr.ip)}/${cidr.prefix}`;
const wrapCidr = (cidr: Cidr) => cidrType.wrap(cidr, formatCidr(cidr));

function ipOf(value: CelValue): IpAddress {
  const ip = ipType.unwrap(value);
  if (!ip) throw new Error('not an IP address');
  return ip;
}

function cidrOf(value: CelValue): Cidr {
  const cidr = cidrType.unwrap(value);
  if (!cidr) throw new Error('not a CIDR');
  return cidr;
}

function mustIp(text: string): IpAddress {
  const ip = parseIp(text);
  if (!ip) throw new Error(`IP Address ${JSON.stringify(text)} parse error during conversion from string`);
  return ip;
}

function mustCidr(text: string): Cidr {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`network address ${JSON.stringify(text)} parse error during conversion from string`);
  return cidr;
}

function inRange(ip: IpAddress, family: 4 | 6, base: bigint, prefix: number): boolean {
  return ip.family === family && contains({ ip: { family, value: base }, prefix }, ip);
}

/** Kubernetes' IP and CIDR libraries (k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go). */
export const ipFunctions: CelFunc[] = [
  celFunc('ip', [STRING], IP, (text) => wrapIp(mustIp(text))),
  celFunc('isIP', [STRING], BOOL, (text) => parseIp(text) !== undefined),
  celFunc('ip.isCanonical', [STRING], BOOL, (text) => formatIp(mustIp(text)) === text),
  celMethod('family', IP, [], INT, function () {
    return BigInt(ipOf(this).family);
  }),
  celMethod('isUnspecified', IP, [], BOOL, function () {
    return ipOf(this).value === 0n;
  }),
  celMethod('isLoopback', IP, [], BOOL, function () {
    const ip = ipOf(this);
    return ip.family === 4 ? inRange(ip, 4, 127n << 24n, 8) : ip.value === 1n;
  }),
  celMethod('isLinkLocalMulticast', IP, [], BOOL, function () {
    const ip = ipOf(this);
    return ip.family === 4 ? inRange(ip, 4, 0xe0000000n, 24) : inRange(ip, 6, 0xff02n << 112n, 16);
  }),
  celMethod('isLinkLocalUnicast', IP, [], BOOL, function () {
    const ip = ipOf(this);
    return ip.family === 4 ? inRange(ip, 4, 0xa9fe0000n, 16) : inRange(ip, 6, 0xfe80n << 112n, 10);
  }),
  celMethod('isGlobalUnicast', IP, [], BOOL, function () {
    const ip = ipOf(this);
    if (ip.value === 0n) return false;
    if (ip.family === 4) {
      return !(inRange(ip, 4, 0xffffffffn, 32) || inRange(ip, 4, 127n << 24n, 8) || inRange(ip, 4, 0xe0000000n, 4) || inRange(ip, 4, 0xa9fe0000n, 16));
    }
    return !(ip.value === 1n || inRange(ip, 6, 0xffn << 120n, 8) || inRange(ip, 6, 0xfe80n << 112n, 10));
  }),
  celMethod('string', IP, [], STRING, function () {
    return formatIp(ipOf(this));
  }),
  celFunc('string', [IP], STRING, (ip) => formatIp(ipOf(ip))),
  celFunc('cidr', [STRING], CIDR, (text) => wrapCidr(mustCidr(text))),
  celFunc('isCIDR', [STRING], BOOL, (text) => parseCidr(text) !== undefined),
  celMethod('containsIP', CIDR, [IP], BOOL, function (ip) {
    return contains(cidrOf(this), ipOf(ip));
  }),
  celMethod('containsIP', CIDR, [STRING], BOOL, function (text) {
    return contains(cidrOf(this), mustIp(text));
  }),
  celMethod('containsCIDR', CIDR, [CIDR], BOOL, function (other) {
    const inner = cidrOf(other);
    const outer = cidrOf(this);
    return inner.prefix >= outer.prefix && contains(outer, inner.ip);
  }),
  celMethod('containsCIDR', CIDR, [STRING], BOOL, function (text) {
    const inner = mustCidr(text);
    const outer = cidrOf(this);
    return inner.prefix >= outer.prefix && contains(outer, inner.ip);
  }),
  celMethod('ip', CIDR, [], IP, function () {
    return wrapIp(cidrOf(this).ip);
  }),
  celMethod('masked', CIDR, [], CIDR, function () {
    const { ip, prefix } = cidrOf(this);
    return wrapCidr({ ip: { family: ip.family, value: ip.value & mask(ip.family, prefix) }, prefix });
  }),
  celMethod('prefixLength', CIDR, [], INT, function () {
    return BigInt(cidrOf(this).prefix);
  }),
  celMethod('string', CIDR, [], STRING, function () {
    return formatCidr(cidrOf(this));
  }),
  celFunc('string', [CIDR], STRING, (cidr) => formatCidr(cidrOf(cidr))),
];
