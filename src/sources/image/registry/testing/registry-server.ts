import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';

const runFile = promisify(execFile);

export type RegistryAuthConfig =
  | { htpasswd: { realm: string; path: string } }
  | { token: { realm: string; service: string; issuer: string; rootcertbundle: string } };

export interface RegistryServerOptions {
  /** Several registries may serve one storage directory (an image pushed once, pulled under different auth setups). */
  storageDir?: string;
  auth?: RegistryAuthConfig;
  tls?: { certificate: string; key: string };
}

export interface RegistryServer {
  /** `127.0.0.1:<port>`, as used in image references. */
  host: string;
  port: number;
  storageDir: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the CNCF Distribution registry (`docker-registry` from Debian) on 127.0.0.1 and waits until /v2/ answers. */
export async function startRegistry(options: RegistryServerOptions = {}): Promise<RegistryServer> {
  const workDir = await mkdtemp(join(tmpdir(), 'rampart-registry-'));
  const storageDir = options.storageDir ?? join(workDir, 'storage');
  const port = await freePort();
  const configPath = join(workDir, 'config.yml');
  const logPath = join(workDir, 'registry.log');
  await writeFile(
    configPath,
    stringify({
      version: 0.1,
      log: { level: 'warn' },
      storage: { filesystem: { rootdirectory: storageDir }, delete: { enabled: true } },
      http: { addr: `127.0.0.1:${port}`, ...(options.tls ? { tls: options.tls } : {}) },
      health: { storagedriver: { enabled: false } },
      ...(options.auth ? { auth: options.auth } : {}),
    }),
  );
  const logFd = openSync(logPath, 'w');
  const child = spawn('docker-registry', ['serve', configPath], { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    await stopProcess(child, exited);
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    await waitForV2(port, child, options.tls !== undefined);
  } catch (error) {
    const log = await readFile(logPath, 'utf8').catch(() => '');
    await stop();
    throw new Error(`${(error as Error).message}\n${log.slice(-2000)}`);
  }
  return { host: `127.0.0.1:${port}`, port, storageDir, stop };
}

async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

async function waitForV2(port: number, child: ChildProcess, tls: boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with code ${child.exitCode}`);
    const status = await new Promise<number>((resolve) => {
      (tls ? https : http)
        .get({ host: '127.0.0.1', port, path: '/v2/', timeout: 500, rejectUnauthorized: false }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
        .once('error', () => resolve(0))
        .once('timeout', function (this: http.ClientRequest) {
          this.destroy();
        });
    });
    if (status === 200 || status === 401) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('docker-registry did not answer /v2/ within 15 s');
}

/**
 * An htpasswd line with a bcrypt hash, as Distribution's `auth: htpasswd` requires: Python's crypt module (libxcrypt on
 * Debian; gone from Python 3.13), else `htpasswd` from apache2-utils. Cost 4 keeps the registry's per-request check fast.
 */
export async function htpasswdLine(user: string, password: string): Promise<string> {
  const script = 'import crypt, sys; print(sys.argv[1] + ":" + crypt.crypt(sys.argv[2], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))';
  try {
    const { stdout } = await runFile('python3', ['-W', 'ignore', '-c', script, user, password]);
    if (stdout.includes(':$2')) return stdout.trim();
  } catch {
    // Fall through to htpasswd.
  }
  const { stdout } = await runFile('htpasswd', ['-nbB', '-C', '4', user, password]);
  return stdout.trim();
}

/** A self-signed certificate for 127.0.0.1 (openssl), to serve the registry over TLS. */
export async function selfSignedCertificate(dir: string): Promise<{ certPath: string; keyPath: string }> {
  const certPath = join(dir, 'tls-cert.pem');
  const keyPath = join(dir, 'tls-key.pem');
  await runFile('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyPath,
    '-out', certPath, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ]);
  return { certPath, keyPath };
}
