import { createHash } from 'node:crypto';

/**
 * Hand-made pushes to a plain-HTTP Distribution registry on 127.0.0.1 (the OCI distribution push API), for signature
 * manifests cosign would never write: forged, malformed or oversized ones.
 */

export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export async function pushBlob(host: string, repository: string, bytes: Uint8Array): Promise<{ digest: string; size: number }> {
  const digest = sha256(bytes);
  const started = await fetch(`http://${host}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  const location = started.headers.get('location');
  if (started.status !== 202 || !location) throw new Error(`blob upload to ${repository} not started: HTTP ${started.status}`);
  const url = new URL(location, `http://${host}`);
  url.searchParams.set('digest', digest);
  const put = await fetch(url, { method: 'PUT', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
  if (put.status !== 201) throw new Error(`blob ${digest} not stored: HTTP ${put.status} ${await put.text()}`);
  return { digest, size: bytes.length };
}

export async function pushManifest(host: string, repository: string, tag: string, body: Uint8Array, mediaType: string): Promise<void> {
  const put = await fetch(`http://${host}/v2/${repository}/manifests/${tag}`, { method: 'PUT', body, headers: { 'content-type': mediaType } });
  if (put.status !== 201) throw new Error(`manifest ${repository}:${tag} not stored: HTTP ${put.status} ${await put.text()}`);
}

export async function getManifest(host: string, repository: string, reference: string, accept: string): Promise<{ body: Buffer; mediaType: string }> {
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, { headers: { accept } });
  if (response.status !== 200) throw new Error(`manifest ${repository}:${reference}: HTTP ${response.status}`);
  return { body: Buffer.from(await response.arrayBuffer()), mediaType: response.headers.get('content-type') ?? accept };
}
