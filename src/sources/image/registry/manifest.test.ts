import { describe, expect, it } from 'vitest';
import { parseManifest } from './manifest.js';
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST } from './media-types.js';

const DIGEST = `sha256:${'b'.repeat(64)}`;
const descriptor = { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: DIGEST, size: 10 };
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe('parseManifest', () => {
  it('reads OCI and Docker image manifests', () => {
    const oci = parseManifest(json({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor, layers: [descriptor] }), undefined, 'img');
    expect(oci).toEqual({ kind: 'image', mediaType: OCI_MANIFEST, config: descriptor, layers: [descriptor] });
    const docker = parseManifest(json({ schemaVersion: 2, config: descriptor, layers: [] }), `${DOCKER_MANIFEST}; charset=utf-8`, 'img');
    expect(docker).toMatchObject({ kind: 'image', mediaType: DOCKER_MANIFEST, layers: [] });
  });

  it('reads indexes with platforms, and infers an OCI index without mediaType', () => {
    const entry = { ...descriptor, platform: { os: 'linux', architecture: 'arm', variant: 'v7', 'os.features': [] } };
    const list = parseManifest(json({ schemaVersion: 2, mediaType: DOCKER_MANIFEST_LIST, manifests: [entry] }), undefined, 'img');
    expect(list).toEqual({ kind: 'index', mediaType: DOCKER_MANIFEST_LIST, manifests: [{ ...descriptor, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } }] });
    expect(parseManifest(json({ schemaVersion: 2, manifests: [] }), 'application/json', 'img')).toEqual({ kind: 'index', mediaType: OCI_INDEX, manifests: [] });
  });

  it('keeps the string annotations of descriptors (cosign stores signatures in them) and drops the rest', () => {
    const layer = { ...descriptor, annotations: { 'dev.cosignproject.cosign/signature': 'MEUC', count: 3, nested: {} } };
    const parsed = parseManifest(json({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { ...descriptor, annotations: [] }, layers: [layer] }), undefined, 'img');
    expect(parsed).toEqual({ kind: 'image', mediaType: OCI_MANIFEST, config: descriptor, layers: [{ ...descriptor, annotations: { 'dev.cosignproject.cosign/signature': 'MEUC' } }] });
  });

  it('refuses Docker schema 1 by header or by body', () => {
    expect(() => parseManifest(json({}), 'application/vnd.docker.distribution.manifest.v1+prettyjws', 'img')).toThrow('schema 1, which is deprecated and not supported');
    expect(() => parseManifest(json({ schemaVersion: 1, fsLayers: [] }), 'application/json', 'img')).toThrow('schema 1');
  });

  it.each([
    ['not json', '{', 'not valid JSON'],
    ['an array', '[]', 'not a JSON object'],
    ['no schemaVersion', '{}', 'unsupported schemaVersion'],
    ['an index without manifests', JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX }), 'no manifests list'],
    ['an image without layers', JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor }), 'no layers list'],
    ['a missing config', JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, layers: [] }), 'config of img is not a descriptor'],
    ['a path in a digest', JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { ...descriptor, digest: 'sha256:../../x' }, layers: [] }), 'invalid digest'],
    ['a negative size', JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor, layers: [{ ...descriptor, size: -1 }] }), 'layers[0] of img has an invalid size'],
    ['a non-image artifact', JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.cncf.helm.chart' }), 'not a container image'],
  ])('rejects %s', (_name, body, message) => {
    expect(() => parseManifest(Buffer.from(body), undefined, 'img')).toThrow(message);
  });
});
