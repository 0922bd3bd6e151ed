import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

const run = promisify(execFile);

export interface TestLayer {
  /** Path inside the image → file content. */
  files: Record<string, string>;
  createdBy: string;
}

export interface TestImage {
  os?: string;
  architecture?: string;
  variant?: string;
  layers: TestLayer[];
}

export interface Blob {
  digest: string;
  bytes: Buffer;
}

export interface BuiltImage {
  platform: { os: string; architecture: string; variant?: string };
  manifest: Blob;
  config: Blob;
  layers: Array<Blob & { diffId: string }>;
}

function blob(bytes: Buffer): Blob {
  return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, bytes };
}

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const archive = pack();
  for (const [name, content] of Object.entries(files)) {
    archive.entry({ name, mode: 0o644, mtime: new Date(0), uid: 0, gid: 0 }, content);
  }
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A tiny image: a dpkg status and os-release in the first layer are typical; an ENV entry makes an empty history step. */
export async function buildImage(image: TestImage): Promise<BuiltImage> {
  const layers: BuiltImage['layers'] = [];
  for (const layer of image.layers) {
    const tar = await tarOf(layer.files);
    layers.push({ ...blob(gzipSync(tar)), diffId: blob(tar).digest });
  }
  const platform = {
    os: image.os ?? 'linux',
    architecture: image.architecture ?? 'amd64',
    ...(image.variant ? { variant: image.variant } : {}),
  };
  const config = blob(
    Buffer.from(
      JSON.stringify({
        ...platform,
        config: { Env: ['PATH=/usr/bin:/bin'], Cmd: ['/bin/sh'] },
        rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.diffId) },
        history: [
          { created_by: 'ENV PATH=/usr/bin:/bin', empty_layer: true },
          ...image.layers.map((layer) => ({ created_by: layer.createdBy })),
        ],
      }),
    ),
  );
  const manifest = blob(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.bytes.length },
        layers: layers.map((layer) => ({
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          digest: layer.digest,
          size: layer.bytes.length,
        })),
      }),
    ),
  );
  return { platform, manifest, config, layers };
}

/**
 * Writes an OCI image layout whose index.json names one entry `tag`: the image itself, or for several images an image
 * index with one platform each (what `skopeo copy --all` pushes as a multi-arch image).
 */
export async function writeOciLayout(dir: string, tag: string, images: BuiltImage[]): Promise<Blob> {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  const blobs: Blob[] = images.flatMap((image) => [image.manifest, image.config, ...image.layers]);
  let top: { mediaType: string; blob: Blob };
  if (images.length === 1 && images[0]) {
    top = { mediaType: 'application/vnd.oci.image.manifest.v1+json', blob: images[0].manifest };
  } else {
    const index = blob(
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: images.map((image) => ({
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: image.manifest.digest,
            size: image.manifest.bytes.length,
            platform: image.platform,
          })),
        }),
      ),
    );
    blobs.push(index);
    top = { mediaType: 'application/vnd.oci.image.index.v1+json', blob: index };
  }
  for (const { digest, bytes } of blobs) await writeFile(join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length)), bytes);
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: top.mediaType,
          digest: top.blob.digest,
          size: top.blob.bytes.length,
          annotations: { 'org.opencontainers.image.ref.name': tag },
        },
      ],
    }),
  );
  return top.blob;
}

/** `skopeo copy` from an OCI layout to a plain-HTTP registry on 127.0.0.1. */
export async function pushLayout(
  dir: string,
  tag: string,
  destination: string,
  options: { all?: boolean; dockerFormat?: boolean; creds?: string } = {},
): Promise<void> {
  await run(
    'skopeo',
    [
      'copy',
      '--quiet',
      '--dest-tls-verify=false',
      ...(options.all ? ['--all'] : []),
      ...(options.dockerFormat ? ['--format', 'v2s2'] : []),
      ...(options.creds ? ['--dest-creds', options.creds] : []),
      `oci:${dir}:${tag}`,
      `docker://${destination}`,
    ],
    { timeout: 30_000 },
  );
}
