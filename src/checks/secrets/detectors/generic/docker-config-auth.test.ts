import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { dockerConfigAuth } from './docker-config-auth.js';

const find = (text: string) => scanSecrets(text, { detectors: [dockerConfigAuth] }).map((h) => [h.secret, h.confirmedBy]);
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('docker-config-auth', () => {
  it('finds base64 user:password, also in a dockerconfigjson Secret', () => {
    const auth = b64('robot$ci:Zq8r3TfW1xLm9PvK');
    expect(find(`{\n  "auths": {\n    "ghcr.io": {\n      "auth": "${auth}"\n    }\n  }\n}`)).toEqual([[auth, 'structure']]);
  });

  it('ignores values that are not base64 credentials or hold placeholders', () => {
    expect(find(`{"auths": {"r.io": {"auth": "${b64('justausername')}"}}}`)).toEqual([]);
    expect(find(`{"auths": {"r.io": {"auth": "${b64('user:password')}"}}}`)).toEqual([]);
    expect(find('{"auths": {"r.io": {"auth": "not-base64!!"}}}')).toEqual([]);
    expect(find(`{"auths": {"r.io": {"auth": "${b64('\u0000\u0001:binary')}"}}}`)).toEqual([]);
  });
});
