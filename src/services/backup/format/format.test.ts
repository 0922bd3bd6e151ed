import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import { openEnvelope, sealEnvelope } from './envelope.js';
import { idFromManifestKey, idFromPackKey, newBackupId, parseIndex, parseManifest, parsePrune } from './repository.js';

const HASH = 'a'.repeat(64);
const manifest = (overrides: Record<string, unknown> = {}) => ({
  type: 'manifest', format: 1, id: '20260101T000000000Z-abcdef', createdAt: '2026-01-01T00:00:00.000Z', cluster: 'cluster://x',
  previous: null, objectCount: 1, index: { id: HASH, size: 10 }, packs: [{ id: HASH, size: 5 }], blobs: [[HASH, 0]], ...overrides,
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
});

describe('envelopes', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519').publicKey;

  it('opens what it sealed, only for its own document type and key', () => {
    const bytes = sealEnvelope('manifest', { a: 1 }, privateKey, publicKey);
    expect(openEnvelope('manifest', bytes, [publicKey])).toMatchObject({ ok: true, payload: { a: 1 } });
    expect(openEnvelope('prune', bytes, [publicKey])).toEqual({ ok: false, reason: 'signature does not match' });
    expect(openEnvelope('manifest', bytes, [other])).toMatchObject({ ok: false, reason: expect.stringMatching(/unknown key/) });
  });

  it('refuses altered and malformed input without throwing', () => {
    const envelope = JSON.parse(Buffer.from(sealEnvelope('config', { a: 1 }, privateKey, publicKey)).toString());
    const altered = Buffer.from(JSON.stringify({ ...envelope, payload: '{"a":2}' }));
    expect(openEnvelope('config', altered, [publicKey])).toEqual({ ok: false, reason: 'signature does not match' });
    for (const garbage of ['', 'null', '[]', '{"payload":1}', '{not json', JSON.stringify({ ...envelope, signature: 'AAAA' })]) {
      expect(openEnvelope('config', Buffer.from(garbage), [publicKey]).ok).toBe(false);
    }
  });
});

describe('repository documents', () => {
  it('accepts a well-formed manifest', () => {
    expect(parseManifest(manifest(), 'm').id).toBe('20260101T000000000Z-abcdef');
  });

  it.each([
    ['not an object', []],
    ['wrong type', manifest({ type: 'config' })],
    ['future format', manifest({ format: 2 })],
    ['bad id', manifest({ id: '../../etc' })],
    ['bad date', manifest({ createdAt: 'yesterday' })],
    ['bad link', manifest({ previous: { id: 'x', sha256: HASH } })],
    ['pack index out of range', manifest({ blobs: [[HASH, 1]] })],
    ['short blob name', manifest({ blobs: [['abc', 0]] })],
    ['count mismatch', manifest({ objectCount: 2 })],
    ['negative size', manifest({ packs: [{ id: HASH, size: -1 }] })],
  ])('refuses a manifest with %s', (_what, value) => {
    expect(() => parseManifest(value, 'm')).toThrow();
  });

  it('refuses malformed prune records and indexes', () => {
    expect(() => parsePrune({ type: 'prune', id: 'x', removed: [{ id: 'bad' }] }, 'p')).toThrow(/not a prune record/);
    expect(() => parseIndex({ objects: [{ kind: 'X' }], gaps: [] }, 'i')).toThrow(/bad index entry/);
    expect(() => parseIndex({ objects: 'x', gaps: [] }, 'i')).toThrow(/not a backup index/);
    expect(parseIndex({ objects: [{ apiVersion: 'v1', kind: 'Secret', group: '', resource: 'secrets', name: 'a', blob: HASH }], gaps: [] }, 'i').objects).toHaveLength(1);
  });

  it('derives ids only from well-formed keys', () => {
    const id = newBackupId(new Date('2026-12-06T09:05:40.123Z'), '0a1b2c');
    expect(id).toBe('20261206T090540123Z-0a1b2c');
    expect(idFromManifestKey(`manifests/${id}.json`)).toBe(id);
    expect(idFromManifestKey('manifests/evil.json')).toBeUndefined();
    expect(idFromPackKey(`packs/aa/${HASH}`)).toBe(HASH);
    expect(idFromPackKey(`packs/ab/${HASH}`)).toBeUndefined();
  });
});
