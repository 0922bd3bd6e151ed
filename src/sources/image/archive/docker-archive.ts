import { ImageIntegrityError } from '../integrity.js';
import { describeLayers } from '../layers/history.js';
import { checkLayerCount } from '../limits.js';
import { normalizeEntryPath } from '../layers/paths.js';
import type { ImageConfig, ImageSource } from '../types.js';
import { ArchiveError, checkDigest, parseJson, parseJsonObject, readLimited, verifyBlob } from './blob.js';
import type { ArchiveFiles } from './files.js';
import { archiveSource, type ArchiveLimits } from './source.js';

interface SavedImage {
  config: string;
  repoTags: string[];
  layers: string[];
}

function savedImages(value: unknown): SavedImage[] {
  if (!Array.isArray(value) || value.length === 0) throw new ArchiveError('manifest.json: expected a non-empty array of images');
  return value.map((entry, i) => {
    const raw = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof raw.Config !== 'string') throw new ArchiveError(`manifest.json image ${i}: no Config`);
    if (!Array.isArray(raw.Layers) || !raw.Layers.every((layer) => typeof layer === 'string')) throw new ArchiveError(`manifest.json image ${i}: no Layers list`);
    const repoTags = Array.isArray(raw.RepoTags) ? raw.RepoTags.filter((tag): tag is string => typeof tag === 'string') : [];
    return { config: raw.Config, repoTags, layers: raw.Layers as string[] };
  });
}

/** `debian:12`, `library/debian:12` and `docker.io/library/debian:12` name the same image. */
function canonicalTag(tag: string): string {
  return tag.replace(/^(docker\.io|index\.docker\.io)\//, '').replace(/^library\//, '');
}

function selectImage(images: SavedImage[], ref: string | undefined, reference: string): SavedImage {
  if (ref === undefined) return images[0]!;
  const position = /^@(\d+)$/.exec(ref);
  if (position) {
    const image = images[Number(position[1])];
    if (!image) throw new ArchiveError(`${reference}: the archive holds ${images.length} image(s), there is no ${ref}`);
    return image;
  }
  const image = images.find((candidate) => candidate.repoTags.some((tag) => canonicalTag(tag) === canonicalTag(ref)));
  if (!image) {
    const available = images.flatMap((candidate) => candidate.repoTags);
    throw new ArchiveError(`${reference}: no image tagged ${ref} (available: ${available.join(', ') || 'none'})`);
  }
  return image;
}

/** `blobs/sha256/<hex>` (Docker 25+) and `<hex>.json` / `<hex>.tar` (skopeo, older saves) carry their digest in their name. */
function digestFromName(name: string): string | undefined {
  const blob = /^blobs\/(sha256|sha512)\/([a-f0-9]+)$/.exec(name);
  if (blob) return checkDigest(`${blob[1]}:${blob[2]}`, name);
  const legacy = /^([a-f0-9]{64})\.(json|tar)$/.exec(name);
  return legacy ? `sha256:${legacy[1]}` : undefined;
}

function memberName(name: string, what: string): string {
  const path = normalizeEntryPath(name);
  if (path === undefined) throw new ArchiveError(`manifest.json: ${what} path ${JSON.stringify(name)} leaves the archive`);
  return path;
}

/**
 * Opens an image saved by `docker save` (or `skopeo copy ... docker-archive:`): manifest.json lists each image's
 * config and layer tars. Layers are stored uncompressed, so a layer tar must hash to its diff ID unless its name
 * (`blobs/sha256/...`) says otherwise.
 */
export async function openDockerArchive(
  files: ArchiveFiles,
  { ref, reference, signal }: { ref: string | undefined; reference: string; signal: AbortSignal | undefined },
  limits: ArchiveLimits,
): Promise<ImageSource> {
  const manifestBytes = await readLimited(await files.open('manifest.json'), limits.maxJsonBytes, `${files.location}: manifest.json`);
  const image = selectImage(savedImages(parseJson(manifestBytes, 'manifest.json')), ref, reference);
  checkLayerCount(image.layers.length, limits, reference);

  const configMember = memberName(image.config, 'config');
  const configDigest = digestFromName(configMember);
  if ((await files.size(configMember)) === undefined) throw new ImageIntegrityError(`${reference}: config ${configMember} is missing from the archive`);
  const configStream = await files.open(configMember);
  const configBytes = await readLimited(configDigest ? verifyBlob(configStream, configDigest) : configStream, limits.maxConfigBytes, `config ${configMember}`);
  const config = parseJsonObject(configBytes, `config ${configMember}`) as ImageConfig;
  const diffIds = Array.isArray(config.rootfs?.diff_ids) ? config.rootfs.diff_ids : [];

  const layers = await Promise.all(
    image.layers.map(async (name, i) => {
      const member = memberName(name, `layer ${i}`);
      const digest = digestFromName(member) ?? checkDigest(diffIds[i], `layer ${i} (${member}) diff ID`);
      const size = await files.size(member);
      if (size === undefined) throw new ImageIntegrityError(`${reference}: layer ${member} is missing from the archive`);
      return { member, digest, size, descriptor: { digest, size, mediaType: 'application/vnd.docker.image.rootfs.diff.tar' } };
    }),
  );
  const described = describeLayers(config, layers.map((layer) => layer.descriptor));
  return archiveSource(files, {
    reference,
    signal,
    configDigest,
    config,
    layers: layers.map((layer, i) => ({ ...layer, descriptor: described[i]! })),
  });
}
