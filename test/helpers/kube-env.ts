import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { isIP } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, inject } from 'vitest';
import { freePort } from '../../src/sources/image/registry/testing/registry-server.js';

/**
 * A real Kubernetes API server (kube-apiserver built by scripts/testenv-setup.sh) backed by Debian's etcd, on
 * 127.0.0.1 with free ports and a private temp dir. No controllers or nodes run: objects are stored, validated,
 * admitted and authorized exactly as on a cluster, but nothing reconciles them (pods are never scheduled,
 * namespaces never finish terminating).
 */

declare module 'vitest' {
  export interface ProvidedContext {
    rampartKubeEnv: KubeEnvInfo | null;
    /** Why there is no shared environment; empty when there is one. */
    rampartKubeEnvMissing: string;
    /** File the workers append skipped suite names to, read back at teardown; empty when nothing is skipped. */
    rampartKubeEnvSkipLog: string;
  }
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_LIMIT = 16 * 1024 * 1024;
const CERT_DAYS = '2';
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface AdmissionWebhook {
  kind: 'validating' | 'mutating';
  /** Name of the generated *WebhookConfiguration and of its single webhook (must contain a dot, e.g. `check.rampart.test`). */
  name: string;
  /** https URL the API server calls, e.g. a test server on 127.0.0.1 using a cert from `KubeEnv.issueServingCert`. */
  url: string;
  /** PEM bundle that signs the webhook's serving cert; defaults to the environment's CA. */
  caBundle?: string;
  rules?: Array<{ apiGroups: string[]; apiVersions: string[]; operations: string[]; resources: string[]; scope?: string }>;
  failurePolicy?: 'Fail' | 'Ignore';
  namespaceSelector?: Record<string, unknown>;
}

export interface KubeEnvOptions {
  extraApiserverFlags?: string[];
  /** EncryptionConfiguration YAML, written to the temp dir and passed as --encryption-provider-config. */
  encryptionConfig?: string;
  /** Registered once the server is ready (the webhook admission plugins are on by default). */
  admissionWebhooks?: AdmissionWebhook[];
}

/** What a worker needs to reach an already running environment (the shared one from the global setup). */
export interface KubeEnvInfo {
  kubeconfig: string;
  server: string;
  /** Plain-HTTP etcd client URL, for tests that inspect what the API server stored (e.g. encryption at rest). */
  etcdUrl: string;
  caFile: string;
  caKeyFile: string;
  adminCert: string;
  adminKey: string;
  tmpDir: string;
  version: string;
  /** Process IDs of the running servers, for tests that read their command lines (`rampart node --pid`). */
  pids?: { apiserver: number; etcd: number };
  /** The file passed as --encryption-provider-config, when `encryptionConfig` was given; tests may edit it and restart. */
  encryptionConfigFile?: string;
}

export interface KubeEnv extends KubeEnvInfo {
  kubectl(args: string[], options?: { input?: string; kubeconfig?: string }): Promise<CommandResult>;
  /** A client-cert user with no permissions beyond what RBAC grants `name`/`groups`; returns its kubeconfig path. */
  createUser(name: string, groups?: string[]): Promise<string>;
  /** A serving cert signed by the environment's CA, for webhook servers the API server calls. */
  issueServingCert(hosts: string[]): Promise<{ cert: string; key: string; ca: string }>;
  registerWebhook(webhook: AdmissionWebhook): Promise<void>;
  /** Owner only: stops kube-apiserver and starts it again with the same flags (re-reading its files), as an operator's restart. */
  restartApiserver?(): Promise<void>;
  stop(): Promise<void>;
}

export interface KubeBinaries {
  apiserver: string;
  etcd: string;
  kubectl: string;
}

/** The k8s.io/kubernetes release pinned in scripts/testenv/go.mod. */
export function pinnedKubeVersion(): string {
  const goMod = readFileSync(join(REPO_ROOT, 'scripts/testenv/go.mod'), 'utf8');
  const match = /^\s*k8s\.io\/kubernetes\s+(v\d+\.\d+\.\d+)\b/m.exec(goMod);
  if (!match?.[1]) throw new Error('scripts/testenv/go.mod does not pin k8s.io/kubernetes');
  return match[1];
}

/** Where scripts/testenv-setup.sh puts kube-apiserver; RAMPART_KUBE_APISERVER overrides it. */
function apiserverPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RAMPART_KUBE_APISERVER) return env.RAMPART_KUBE_APISERVER;
  const cacheHome = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(cacheHome, 'rampart-testenv', pinnedKubeVersion(), 'kube-apiserver');
}

/** The binaries, or a sentence saying which one is missing and how to get it. */
export function findKubeBinaries(env: NodeJS.ProcessEnv = process.env): KubeBinaries | string {
  const apiserver = apiserverPath(env);
  if (!existsSync(apiserver)) return `kube-apiserver ${pinnedKubeVersion()} is not built (${apiserver}); run: npm run testenv:setup`;
  const etcd = env.RAMPART_ETCD || findOnPath('etcd', env);
  if (!etcd) return 'etcd is not installed; run: apt-get install etcd-server';
  const kubectl = env.RAMPART_KUBECTL || findOnPath('kubectl', env);
  if (!kubectl) return 'kubectl is not installed';
  return { apiserver, etcd, kubectl };
}

function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function run(command: string, args: string[], options: { input?: string } = {}): Promise<CommandResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < OUTPUT_LIMIT) stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < OUTPUT_LIMIT) stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => resolvePromise({ stdout, stderr: `${stderr}${error.message}`, code: 127 }));
    child.on('close', (code) => resolvePromise({ stdout, stderr, code: code ?? 1 }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

async function mustRun(command: string, args: string[]): Promise<string> {
  const result = await run(command, args);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.trim()}`);
  return result.stdout;
}

/** Each test works in namespaces of its own, so tests sharing one server never see each other's objects. */
export function uniqueNamespace(prefix: string): string {
  const base = prefix.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'test';
  return `${base}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

interface CertPaths {
  cert: string;
  key: string;
}

async function issueCert(dir: string, ca: CertPaths, name: string, subject: string, extensions: string[]): Promise<CertPaths> {
  const paths = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  const extArgs = ['basicConstraints=critical,CA:FALSE', ...extensions].flatMap((ext) => ['-addext', ext]);
  await mustRun('openssl', ['req', '-x509', ...EC_KEY, '-days', CERT_DAYS, '-subj', subject, '-CA', ca.cert, '-CAkey', ca.key, '-keyout', paths.key, '-out', paths.cert, ...extArgs]);
  return paths;
}

/** Distinguished-name values are passed to openssl, where '/', '+', '=' and ',' have meaning. */
function dnValue(value: string): string {
  if (!/^[A-Za-z0-9:._@-]{1,64}$/.test(value)) throw new Error(`unsupported user or group name: ${JSON.stringify(value)}`);
  return value;
}

function hostSans(hosts: string[]): string {
  return hosts.map((host) => (isIP(host) ? `IP:${host}` : `DNS:${dnValue(host)}`)).join(',');
}

function kubeconfigYaml(info: { server: string; caFile: string; cert: string; key: string; user: string }): string {
  // JSON is valid YAML and needs no escaping rules of its own.
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'rampart-testenv', cluster: { server: info.server, 'certificate-authority': info.caFile } }],
    users: [{ name: info.user, user: { 'client-certificate': info.cert, 'client-key': info.key } }],
    contexts: [{ name: info.user, context: { cluster: 'rampart-testenv', user: info.user } }],
    'current-context': info.user,
  }, null, 2);
}

function webhookManifest(webhook: AdmissionWebhook, defaultCa: string): Record<string, unknown> {
  const validating = webhook.kind === 'validating';
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: validating ? 'ValidatingWebhookConfiguration' : 'MutatingWebhookConfiguration',
    metadata: { name: webhook.name },
    webhooks: [{
      name: webhook.name,
      clientConfig: { url: webhook.url, caBundle: Buffer.from(webhook.caBundle ?? defaultCa).toString('base64') },
      rules: webhook.rules ?? [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['*'], scope: '*' }],
      failurePolicy: webhook.failurePolicy ?? 'Fail',
      sideEffects: 'None',
      admissionReviewVersions: ['v1'],
      timeoutSeconds: 10,
      ...(webhook.namespaceSelector ? { namespaceSelector: webhook.namespaceSelector } : {}),
      ...(validating ? {} : { reinvocationPolicy: 'Never' }),
    }],
  };
}

function httpsGet(url: string, tls: { ca: Buffer; cert: Buffer; key: Buffer }): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { ...tls, timeout: 5_000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        if (body.length < 65_536) body += chunk.toString('utf8');
      });
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

const sleep = (ms: number) => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

interface Managed {
  name: string;
  child: ChildProcess;
  log: string;
  exited: Promise<void>;
}

/** Kills what a test run left behind even when a test throws or the worker exits without afterAll. */
const liveChildren = new Set<ChildProcess>();
const liveDirs = new Set<string>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of liveChildren) child.kill('SIGKILL');
    for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** setpriv's parent-death signal also ends the servers when the test process is killed outright. */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));

function startProcess(name: string, command: string, args: string[], dir: string): Managed {
  const log = join(dir, `${name}.log`);
  const fd = openSync(log, 'a');
  const [file, argv] = SETPRIV ? [SETPRIV, ['--pdeathsig', 'KILL', '--', command, ...args]] : [command, args];
  const child = spawn(file, argv, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  liveChildren.add(child);
  const exited = new Promise<void>((resolvePromise) => {
    child.on('exit', () => {
      liveChildren.delete(child);
      resolvePromise();
    });
    child.on('error', () => {
      liveChildren.delete(child);
      resolvePromise();
    });
  });
  return { name, child, log, exited };
}

async function stopProcess(managed: Managed): Promise<void> {
  if (managed.child.exitCode !== null || managed.child.signalCode !== null) return;
  managed.child.kill('SIGTERM');
  const timer = setTimeout(() => managed.child.kill('SIGKILL'), STOP_GRACE_MS);
  await managed.exited;
  clearTimeout(timer);
}

async function logTail(managed: Managed): Promise<string> {
  const text = await readFile(managed.log, 'utf8').catch(() => '');
  return text.split('\n').slice(-25).join('\n');
}

async function waitReady(apiserver: Managed, etcd: Managed, server: string, tls: { ca: Buffer; cert: Buffer; key: Buffer }): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    for (const managed of [etcd, apiserver]) {
      if (managed.child.exitCode !== null || managed.child.signalCode !== null) {
        throw new Error(`${managed.name} exited during start-up; last log lines:\n${await logTail(managed)}`);
      }
    }
    try {
      const res = await httpsGet(`${server}/readyz`, tls);
      if (res.status === 200) return;
      last = `HTTP ${res.status}: ${res.body.slice(-400)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`kube-apiserver not ready after ${READY_TIMEOUT_MS / 1000} s (${last}); last log lines:\n${await logTail(apiserver)}`);
}

/** Starts etcd and kube-apiserver; the caller must `stop()` it (an exit hook covers crashes). */
export async function startKubeEnv(options: KubeEnvOptions = {}): Promise<KubeEnv> {
  const binaries = findKubeBinaries();
  if (typeof binaries === 'string') throw new Error(binaries);
  installExitHook();
  const tmpDir = mkdtempSync(join(tmpdir(), 'rampart-kube-'));
  liveDirs.add(tmpDir);
  const started: Managed[] = [];
  const stopAll = async () => {
    for (const managed of [...started].reverse()) await stopProcess(managed);
    rmSync(tmpDir, { recursive: true, force: true });
    liveDirs.delete(tmpDir);
  };
  try {
    const pki = join(tmpDir, 'pki');
    await mkdir(pki, { mode: 0o700 });
    const ca = { cert: join(pki, 'ca.crt'), key: join(pki, 'ca.key') };
    await mustRun('openssl', ['req', '-x509', ...EC_KEY, '-days', CERT_DAYS, '-subj', '/CN=rampart-testenv-ca', '-keyout', ca.key, '-out', ca.cert,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    const serving = await issueCert(pki, ca, 'apiserver', '/CN=kube-apiserver', [
      `subjectAltName=${hostSans(['127.0.0.1', 'localhost', '10.0.0.1', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'])}`,
      'extendedKeyUsage=serverAuth', 'keyUsage=critical,digitalSignature']);
    const admin = await issueCert(pki, ca, 'admin', '/O=system:masters/CN=rampart-admin', ['extendedKeyUsage=clientAuth', 'keyUsage=critical,digitalSignature']);
    const saKey = join(pki, 'sa.key');
    const saPub = join(pki, 'sa.pub');
    await mustRun('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', saKey]);
    await mustRun('openssl', ['pkey', '-in', saKey, '-pubout', '-out', saPub]);

    const [etcdClientPort, etcdPeerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdClientPort}`;
    const peerUrl = `http://127.0.0.1:${etcdPeerPort}`;
    const etcd = startProcess('etcd', binaries.etcd, [
      '--name', 'testenv', '--data-dir', join(tmpDir, 'etcd'),
      '--listen-client-urls', etcdUrl, '--advertise-client-urls', etcdUrl,
      '--listen-peer-urls', peerUrl, '--initial-advertise-peer-urls', peerUrl, '--initial-cluster', `testenv=${peerUrl}`,
      '--log-level', 'warn', '--logger', 'zap',
    ], tmpDir);
    started.push(etcd);

    const flags = [
      `--etcd-servers=${etcdUrl}`,
      `--bind-address=127.0.0.1`, `--secure-port=${apiPort}`,
      // No nodes or pods exist, and the endpoint reconciler refuses loopback addresses.
      '--advertise-address=127.0.0.1', '--endpoint-reconciler-type=none',
      `--tls-cert-file=${serving.cert}`, `--tls-private-key-file=${serving.key}`,
      `--client-ca-file=${ca.cert}`,
      '--authorization-mode=Node,RBAC',
      `--service-account-issuer=https://kubernetes.default.svc`,
      `--service-account-key-file=${saPub}`, `--service-account-signing-key-file=${saKey}`,
      '--api-audiences=https://kubernetes.default.svc',
      '--service-cluster-ip-range=10.0.0.0/24',
      '--allow-privileged=true',
      '--v=1',
    ];
    let encryptionConfigFile: string | undefined;
    if (options.encryptionConfig !== undefined) {
      const file = join(tmpDir, 'encryption-config.yaml');
      encryptionConfigFile = file;
      await writeFile(file, options.encryptionConfig, { mode: 0o600 });
      flags.push(`--encryption-provider-config=${file}`);
    }
    flags.push(...(options.extraApiserverFlags ?? []));
    let apiserver = startProcess('kube-apiserver', binaries.apiserver, flags, tmpDir);
    started.push(apiserver);

    const server = `https://127.0.0.1:${apiPort}`;
    const tls = { ca: await readFile(ca.cert), cert: await readFile(admin.cert), key: await readFile(admin.key) };
    await waitReady(apiserver, etcd, server, tls);

    const kubeconfig = join(tmpDir, 'admin.kubeconfig');
    await writeFile(kubeconfig, kubeconfigYaml({ server, caFile: ca.cert, cert: admin.cert, key: admin.key, user: 'rampart-admin' }), { mode: 0o600 });
    const version = JSON.parse((await httpsGet(`${server}/version`, tls)).body) as { gitVersion?: string };
    const info: KubeEnvInfo = {
      kubeconfig, server, etcdUrl, caFile: ca.cert, caKeyFile: ca.key, adminCert: admin.cert, adminKey: admin.key, tmpDir,
      version: version.gitVersion ?? 'unknown',
      ...(apiserver.child.pid && etcd.child.pid ? { pids: { apiserver: apiserver.child.pid, etcd: etcd.child.pid } } : {}),
      ...(encryptionConfigFile ? { encryptionConfigFile } : {}),
    };
    const restartApiserver = async () => {
      await stopProcess(apiserver);
      const next = startProcess('kube-apiserver', binaries.apiserver, flags, tmpDir);
      started[started.indexOf(apiserver)] = next;
      apiserver = next;
      await waitReady(next, etcd, server, tls);
    };
    const env = attachKubeEnv(info, { kubectl: binaries.kubectl, stop: stopAll, restartApiserver });
    for (const webhook of options.admissionWebhooks ?? []) await env.registerWebhook(webhook);
    return env;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Helpers bound to an environment that may run in another process (the shared one); `stop` is supplied only by
 * the owner, so a test file cannot tear down the server its neighbours use.
 */
export function attachKubeEnv(info: KubeEnvInfo, owner: { kubectl?: string; stop?: () => Promise<void>; restartApiserver?: () => Promise<void> } = {}): KubeEnv {
  const kubectlBin = owner.kubectl ?? (findOnPath('kubectl', process.env) || 'kubectl');
  const ca = { cert: info.caFile, key: info.caKeyFile };
  const kubectl: KubeEnv['kubectl'] = (args, options = {}) =>
    run(kubectlBin, ['--kubeconfig', options.kubeconfig ?? info.kubeconfig, ...args], { input: options.input });
  let issued = 0;
  const nextDir = async (kind: string) => {
    issued += 1;
    const dir = join(info.tmpDir, `${kind}-${process.pid}-${issued}`);
    await mkdir(dir, { mode: 0o700 });
    return dir;
  };
  return {
    ...info,
    kubectl,
    async createUser(name, groups = []) {
      const subject = [...groups.map((group) => `/O=${dnValue(group)}`), `/CN=${dnValue(name)}`].join('');
      const dir = await nextDir('user');
      const paths = await issueCert(dir, ca, 'client', subject, ['extendedKeyUsage=clientAuth', 'keyUsage=critical,digitalSignature']);
      const file = join(dir, 'kubeconfig');
      await writeFile(file, kubeconfigYaml({ server: info.server, caFile: info.caFile, cert: paths.cert, key: paths.key, user: name }), { mode: 0o600 });
      return file;
    },
    async issueServingCert(hosts) {
      const dir = await nextDir('serving');
      const paths = await issueCert(dir, ca, 'serving', `/CN=${dnValue(hosts[0] ?? 'localhost')}`, [
        `subjectAltName=${hostSans(hosts.length > 0 ? hosts : ['localhost'])}`, 'extendedKeyUsage=serverAuth', 'keyUsage=critical,digitalSignature']);
      return { cert: await readFile(paths.cert, 'utf8'), key: await readFile(paths.key, 'utf8'), ca: await readFile(info.caFile, 'utf8') };
    },
    async registerWebhook(webhook) {
      const manifest = webhookManifest(webhook, await readFile(info.caFile, 'utf8'));
      const result = await kubectl(['apply', '-f', '-'], { input: JSON.stringify(manifest) });
      if (result.code !== 0) throw new Error(`registering webhook ${webhook.name} failed: ${result.stderr.trim()}`);
    },
    ...(owner.restartApiserver ? { restartApiserver: owner.restartApiserver } : {}),
    stop: owner.stop ?? (async () => undefined),
  };
}

/**
 * A suite against the run's shared server (started by kube-global-setup.ts). Use `env` only inside tests and
 * hooks. Without a test cluster the suite is skipped and named at the end of the run with the setup command.
 */
export function describeKube(name: string, body: (env: KubeEnv) => void): void {
  const info = inject('rampartKubeEnv');
  if (info) {
    describe(name, () => body(attachKubeEnv(info)));
    return;
  }
  appendFileSync(inject('rampartKubeEnvSkipLog'), `${name}\n`);
  const reason = inject('rampartKubeEnvMissing');
  const unavailable = new Proxy({} as KubeEnv, {
    get: () => {
      throw new Error(`no Kubernetes test environment: ${reason}`);
    },
  });
  describe.skip(`${name} (needs: npm run testenv:setup)`, () => body(unavailable));
}
