import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createSecureContext } from 'node:tls';

export interface KeyPair {
  cert: Buffer;
  key: Buffer;
}

export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

/** Reads the pair and checks that the key matches the certificate, so a half-written rotation is never served. */
export async function readKeyPair(files: CertificateFiles): Promise<KeyPair> {
  const [cert, key] = await Promise.all([readFile(files.certFile), readFile(files.keyFile)]);
  createSecureContext({ cert, key });
  return { cert, key };
}

export interface CertificateWatcher {
  close(): void;
}

/**
 * Serving certificates rotate on disk (cert-manager, a Secret volume swapping its `..data` link): the files'
 * directories are watched, with a poll as a safety net for file systems that report nothing, and each complete,
 * matching pair that differs from the one in use is handed to `apply`. A pair that does not load is reported and
 * the old one stays.
 */
export function watchCertificates(files: CertificateFiles, current: KeyPair, apply: (pair: KeyPair) => void, options: { pollMs?: number; onError?: (error: Error) => void } = {}): CertificateWatcher {
  let inUse = current;
  let pending: NodeJS.Timeout | undefined;
  let checking = false;
  let closed = false;
  const check = async () => {
    if (checking || closed) return;
    checking = true;
    try {
      const pair = await readKeyPair(files);
      if (!closed && (!pair.cert.equals(inUse.cert) || !pair.key.equals(inUse.key))) {
        apply(pair);
        inUse = pair;
      }
    } catch (error) {
      options.onError?.(error as Error);
    } finally {
      checking = false;
    }
  };
  // Writers replace the two files one after the other: wait for the burst to end.
  const soon = () => {
    clearTimeout(pending);
    pending = setTimeout(() => void check(), 100);
    pending.unref();
  };
  const watchers: FSWatcher[] = [];
  for (const dir of new Set([dirname(files.certFile), dirname(files.keyFile)])) {
    try {
      const watcher = watch(dir, { persistent: false }, soon);
      watcher.on('error', () => undefined);
      watchers.push(watcher);
    } catch (error) {
      options.onError?.(error as Error);
    }
  }
  const poll = setInterval(() => void check(), options.pollMs ?? 30_000);
  poll.unref();
  return {
    close() {
      closed = true;
      clearTimeout(pending);
      clearInterval(poll);
      for (const watcher of watchers) watcher.close();
    },
  };
}
