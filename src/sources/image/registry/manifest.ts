import { RegistryError } from './errors.js';
import { DOCKER_SCHEMA1, isImageManifestMediaType, isIndexMediaType, OCI_INDEX, OCI_MANIFEST } from './media-types.js';
import type { Platform } from './platform.js';
import { isValidDigest } from '../../../parsers/image/reference.js';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  /** String-valued annotations only (cosign keeps its signature in one); others are dropped. */
  annotations?: Record<string, string>;
}

export type ParsedManifest =
  | { kind: 'index'; mediaType: string; manifests: Descriptor[] }
  | { kind: 'image'; mediaType: string; config: Descriptor; layers: Descriptor[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a manifest or index fetched from `where`. Digests are checked against the grammar because they end up in
 * request paths.
 */
export function parseManifest(body: Buffer, contentType: string | undefined, where: string): ParsedManifest {
  const headerType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (headerType && DOCKER_SCHEMA1.includes(headerType)) throw schema1(where);
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new RegistryError('invalid-response', `manifest of ${where} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(json)) throw new RegistryError('invalid-response', `manifest of ${where} is not a JSON object`);
  if (json.schemaVersion === 1) throw schema1(where);
  if (json.schemaVersion !== 2) {
    throw new RegistryError('unsupported', `manifest of ${where} has unsupported schemaVersion ${JSON.stringify(json.schemaVersion)}`);
  }
  const mediaType = typeof json.mediaType === 'string' ? json.mediaType : inferMediaType(json, headerType);
  if (isIndexMediaType(mediaType)) {
    if (!Array.isArray(json.manifests)) throw new RegistryError('invalid-response', `index of ${where} has no manifests list`);
    return { kind: 'index', mediaType, manifests: json.manifests.map((entry, i) => parseDescriptor(entry, `manifests[${i}] of ${where}`)) };
  }
  if (isImageManifestMediaType(mediaType)) {
    if (!Array.isArray(json.layers)) throw new RegistryError('invalid-response', `manifest of ${where} has no layers list`);
    return {
      kind: 'image',
      mediaType,
      config: parseDescriptor(json.config, `config of ${where}`),
      layers: json.layers.map((entry, i) => parseDescriptor(entry, `layers[${i}] of ${where}`)),
    };
  }
  throw new RegistryError('unsupported', `${where} is not a container image (manifest media type ${mediaType})`);
}

/** OCI made mediaType optional in manifests; the header or the shape then tells what it is. */
function inferMediaType(json: Record<string, unknown>, headerType: string | undefined): string {
  if (headerType && (isIndexMediaType(headerType) || isImageManifestMediaType(headerType))) return headerType;
  if (Array.isArray(json.manifests)) return OCI_INDEX;
  if (Array.isArray(json.layers)) return OCI_MANIFEST;
  return headerType ?? 'unknown';
}

function schema1(where: string): RegistryError {
  return new RegistryError('unsupported', `${where} uses the Docker image manifest schema 1, which is deprecated and not supported; re-push it with a current client`);
}

function parseDescriptor(value: unknown, where: string): Descriptor {
  if (!isRecord(value)) throw new RegistryError('invalid-response', `${where} is not a descriptor object`);
  const { mediaType, digest, size, platform, annotations } = value;
  if (typeof digest !== 'string' || !isValidDigest(digest)) {
    throw new RegistryError('invalid-response', `${where} has an invalid digest ${JSON.stringify(digest)?.slice(0, 80)}`);
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new RegistryError('invalid-response', `${where} has an invalid size ${JSON.stringify(size)?.slice(0, 40)}`);
  }
  const descriptor: Descriptor = { mediaType: typeof mediaType === 'string' ? mediaType : '', digest, size };
  if (isRecord(platform) && typeof platform.os === 'string' && typeof platform.architecture === 'string') {
    descriptor.platform = {
      os: platform.os,
      architecture: platform.architecture,
      ...(typeof platform.variant === 'string' && platform.variant !== '' ? { variant: platform.variant } : {}),
    };
  }
  if (isRecord(annotations)) {
    const strings = Object.entries(annotations).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
    if (strings.length > 0) descriptor.annotations = Object.fromEntries(strings);
  }
  return descriptor;
}
