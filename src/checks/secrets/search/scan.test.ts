import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { DETECTORS } from '../detectors/index.js';
import type { SecretDetector } from '../types.js';
import { decodeText } from '../../../sources/binary.js';
import { scanSecrets } from './scan.js';

const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const b64 = (text: string) => Buffer.from(text).toString('base64');

function spyDetector(keyword: string): SecretDetector & { validate: ReturnType<typeof vi.fn> } {
  return {
    id: 'spy',
    title: 'Spy',
    severity: 'low',
    keywords: [keyword],
    pattern: /spy=(?<secret>\w+)/,
    keepPlaceholders: true,
    validate: vi.fn(() => 'keyword' as const),
    remediation: 'none',
  };
}

describe('scanSecrets', () => {
  it('never runs a detector whose keyword is absent', () => {
    const spy = spyDetector('zqxj');
    expect(scanSecrets('spy=abcdef\nspy=ghijkl', { detectors: [spy] })).toEqual([]);
    expect(spy.validate).not.toHaveBeenCalled();
    const hits = scanSecrets('ZQXJ spy=abcdef', { detectors: [spy] });
    expect(spy.validate).toHaveBeenCalledTimes(1);
    expect(hits.map((h) => [h.secret, h.line, h.column, h.endColumn])).toEqual([['abcdef', 1, 10, 16]]);
  });

  it('finds overlapping keywords of different detectors', () => {
    const a = { ...spyDetector('spy='), id: 'a', pattern: /(?<secret>spy=\w+)/ };
    const b = { ...spyDetector('y=ab'), id: 'b', pattern: /y=(?<secret>ab\w+)/ };
    expect(scanSecrets('spy=abcdef', { detectors: [a, b] }).map((h) => h.detector.id).sort()).toEqual(['a', 'b']);
  });

  it('scans a 50 MB minified line only around its keyword', () => {
    const filler = 'a=1;b=[2,3];'.repeat(2_100_000);
    const secret = 'q8Zr3TfW1xLm9PvK2sD7';
    const text = `${filler}var token="${secret}";${filler}`;
    expect(text.length).toBeGreaterThan(50_000_000);
    const hits = scanSecrets(text, { detectors: DETECTORS });
    expect(hits.map((h) => [h.detector.id, h.secret, h.line, h.column])).toEqual([['generic-secret', secret, 1, filler.length + 12]]);
  });

  it('keeps going on invalid UTF-8 and reports UTF-16 columns', () => {
    const bytes = Buffer.concat([Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('😀 spy=abcdef')]);
    const hits = scanSecrets(decodeText(bytes), { detectors: [spyDetector('spy=')] });
    // C3 28 FF decode to U+FFFD, `(`, U+FFFD; the emoji is 2 UTF-16 units.
    expect(hits.map((h) => h.column)).toEqual([3 + 2 + 1 + 4 + 1]);
  });

  it('finds a base64-encoded PEM key at the position of the encoded run', () => {
    const text = `data:\n  key.pem: ${b64(ecKey)}\n`;
    const [hit, ...rest] = scanSecrets(text, { detectors: DETECTORS });
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ encodings: ['base64'], line: 2, column: 12, endLine: 2, confirmedBy: 'structure' });
    expect(hit!.detector.id).toBe('private-key');
  });

  it('decodes hex and url-safe base64, up to maxDecodeDepth layers', () => {
    const env = 'password = "Zq8r3TfW1xLm9PvK"\n';
    expect(scanSecrets(Buffer.from(env).toString('hex'), { detectors: DETECTORS })[0]?.encodings).toEqual(['hex']);
    expect(scanSecrets(Buffer.from(env).toString('base64url'), { detectors: DETECTORS })[0]?.encodings).toEqual(['base64']);
    const twice = b64(b64(ecKey));
    expect(scanSecrets(twice, { detectors: DETECTORS }).map((h) => h.encodings)).toEqual([['base64', 'base64']]);
    expect(scanSecrets(twice, { detectors: DETECTORS, maxDecodeDepth: 1 })).toEqual([]);
    expect(scanSecrets(b64(twice), { detectors: DETECTORS })).toEqual([]);
    expect(scanSecrets(b64(ecKey), { detectors: DETECTORS, maxDecodeDepth: 0 })).toEqual([]);
  });

  it('stops decoding at the byte budget', () => {
    const env = 'password = "Zq8r3TfW1xLm9PvK"\n';
    const early = b64(env + '#'.repeat(20 * 1024 * 1024));
    expect(scanSecrets(early, { detectors: DETECTORS })).toHaveLength(1);
    const late = b64('#'.repeat(20 * 1024 * 1024) + env);
    expect(scanSecrets(late, { detectors: DETECTORS })).toEqual([]);
    expect(scanSecrets(b64(env), { detectors: DETECTORS, decodeBudget: 8 })).toEqual([]);
  });

  it('does not report the content of an encoded run that is itself a finding', () => {
    const auth = b64('robot:Zq8r3TfW1xLm9PvK2sD7uY');
    const hits = scanSecrets(`{"auths": {"r.io": {"auth": "${auth}"}}}`, { detectors: DETECTORS });
    expect(hits.map((h) => [h.detector.id, h.encodings])).toEqual([['docker-config-auth', []]]);
  });

  it('rejects placeholders unless the detector keeps them', () => {
    const text = 'spy=changeme_now spy=xxxxxxxx spy=REDACTED';
    expect(scanSecrets(text, { detectors: [{ ...spyDetector('spy='), keepPlaceholders: false }] })).toEqual([]);
    expect(scanSecrets(text, { detectors: [spyDetector('spy=')] })).toHaveLength(3);
  });

  it('applies allow, minEntropy and the strongest confirmation', () => {
    const base = spyDetector('spy=');
    const text = 'spy=aaaabbbb spy=Zq8r3TfW1x spy=allowed123';
    const hits = scanSecrets(text, {
      detectors: [{ ...base, minEntropy: 2.5, allow: [/^allowed/], validate: () => 'structure' }],
    });
    expect(hits.map((h) => [h.secret, h.confirmedBy])).toEqual([['Zq8r3TfW1x', 'structure']]);
    const weak = scanSecrets(text, { detectors: [{ ...base, minEntropy: 2.5, validate: () => 'keyword' }] });
    expect(weak.map((h) => h.confirmedBy)).toEqual(['entropy', 'entropy']);
  });

  it('drops the candidate, not the scan, when validate throws', () => {
    const thrower = { ...spyDetector('spy='), validate: () => { throw new Error('boom'); } };
    expect(scanSecrets('spy=abcdef spy=ghijkl', { detectors: [thrower, { ...spyDetector('spy='), id: 'ok' }] })).toHaveLength(2);
  });

  it('reports a secret once: generic detectors yield to specific ones, equal spans keep the best confirmation', () => {
    const specific = { ...spyDetector('token'), id: 'specific', pattern: /(?<secret>tok_\w+)/ };
    const generic = { ...spyDetector('token'), id: 'generic', generic: true, pattern: /token=(?<secret>\w+)/ };
    expect(scanSecrets('token=tok_Zq8r3TfW1x', { detectors: [generic, specific] }).map((h) => h.detector.id)).toEqual(['specific']);
    const strong = { ...specific, id: 'strong', validate: () => 'checksum' as const };
    expect(scanSecrets('token=tok_Zq8r3TfW1x', { detectors: [specific, strong] }).map((h) => h.detector.id)).toEqual(['strong']);
  });

  it('caps the number of matches', () => {
    expect(scanSecrets('spy=a1 '.repeat(50), { detectors: [spyDetector('spy=')], maxMatches: 7 })).toHaveLength(7);
  });
});
