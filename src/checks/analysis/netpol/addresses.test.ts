import { describe, expect, it } from 'vitest';
import { formatAddress, formatAddressSet, parseCidr } from './addresses.js';
import { intersect, normalize, subtract, union } from './intervals.js';
import { formatConnections } from './connections.js';

describe('CIDR parsing and formatting', () => {
  it('parses IPv4 and clears host bits like the API server', () => {
    expect(formatAddressSet([parseCidr('10.1.2.3/8')!])).toBe('10.0.0.0-10.255.255.255');
    expect(formatAddressSet([parseCidr('0.0.0.0/0')!])).toBe('0.0.0.0-255.255.255.255');
    expect(formatAddressSet([parseCidr('192.168.1.7/32')!])).toBe('192.168.1.7-192.168.1.7');
  });

  it('parses IPv6 forms and prints RFC 5952 text', () => {
    expect(formatAddressSet([parseCidr('2001:db8::/32')!])).toBe('2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff');
    expect(formatAddressSet([parseCidr('::/0')!])).toBe('::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    expect(formatAddress(parseCidr('::ffff:10.0.0.1/128')![0])).toBe('::ffff:a00:1');
    expect(formatAddress(parseCidr('2001:0:0:1:0:0:0:1/128')![0])).toBe('2001:0:0:1::1');
  });

  it('rejects what is not a CIDR', () => {
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0/8', '256.0.0.0/8', 'fe80::/129', 'x/8', '10.0.0.0/8/1', '::1%eth0/128']) expect(parseCidr(bad)).toBeUndefined();
  });
});

describe('interval sets', () => {
  it('normalizes, unions, intersects and subtracts', () => {
    expect(normalize([[5, 9], [1, 3], [4, 4]])).toEqual([[1, 9]]);
    expect(union([[1, 2]], [[4, 5]])).toEqual([[1, 2], [4, 5]]);
    expect(intersect([[1, 10], [20, 30]], [[5, 25]])).toEqual([[5, 10], [20, 25]]);
    expect(subtract([[1, 10]], [[3, 4], [8, 12]])).toEqual([[1, 2], [5, 7]]);
    expect(subtract([[0n, 10n]], [[0n, 10n]])).toEqual([]);
  });

  it('formats connections the way np-guard does', () => {
    expect(formatConnections({ TCP: [[1, 65535]], UDP: [], SCTP: [] })).toBe('TCP 1-65535');
    expect(formatConnections({ TCP: [[80, 80], [443, 443]], UDP: [[53, 53]], SCTP: [[1, 65535]] })).toBe('SCTP 1-65535,TCP 80,443,UDP 53');
  });
});
