import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort } from '../../src/sources/image/registry/testing/registry-server.js';

/**
 * A real MinIO server (built by scripts/install-minio.sh) on 127.0.0.1 with a free port, a private temp dir and
 * random root credentials, for tests that need an S3 server which enforces Object Lock. Never a mock.
 */

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const READY_TIMEOUT_MS = 60_000;

export interface MinioServer {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** A client with the root credentials, path-style. */
  client: S3Client;
  /** Creates a bucket with Object Lock enabled (which also turns versioning on). */
  createLockedBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** $RAMPART_MINIO, else the binary install-minio.sh caches for the version it pins. */
export function findMinio(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RAMPART_MINIO) return env.RAMPART_MINIO;
  const script = readFileSync(join(REPO_ROOT, 'scripts/install-minio.sh'), 'utf8');
  const version = /RAMPART_TEST_MINIO_VERSION:-([^}]+)\}/.exec(script)?.[1];
  const cache = env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  const binary = join(cache, 'rampart-tools', `minio-${version ?? 'unknown'}`, 'minio');
  if (!existsSync(binary)) throw new Error(`MinIO is not installed at ${binary}: run scripts/install-minio.sh (or set RAMPART_MINIO)`);
  return binary;
}

export async function startMinio(): Promise<MinioServer> {
  const binary = findMinio();
  const dir = mkdtempSync(join(tmpdir(), 'rampart-minio-'));
  const [port, consolePort] = [await freePort(), await freePort()];
  const accessKeyId = `rampart${randomBytes(4).toString('hex')}`;
  const secretAccessKey = randomBytes(18).toString('base64url');
  const region = 'us-east-1';
  let output = '';
  const child: ChildProcess = spawn(binary, ['server', join(dir, 'data'), '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${consolePort}`, '--quiet'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, MINIO_ROOT_USER: accessKeyId, MINIO_ROOT_PASSWORD: secretAccessKey, MINIO_BROWSER: 'off', MINIO_UPDATE: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const capture = (chunk: Buffer) => {
    if (output.length < 64 * 1024) output += chunk.toString();
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(endpoint, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  const client = new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  return {
    endpoint,
    accessKeyId,
    secretAccessKey,
    region,
    client,
    async createLockedBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name, ObjectLockEnabledForBucket: true }));
    },
    async stop() {
      client.destroy();
      await stop();
    },
  };
}

async function waitReady(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`MinIO exited with ${child.exitCode}: ${output()}`);
    try {
      const answer = await fetch(`${endpoint}/minio/health/ready`, { signal: AbortSignal.timeout(1_000) });
      if (answer.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`MinIO did not become ready within ${READY_TIMEOUT_MS} ms: ${output()}`);
}
