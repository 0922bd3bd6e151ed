import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io.js';
import { runServeCommand } from '../../src/cli/serve-command.js';
import { importOsv } from '../../src/checks/vulnerabilities/database/index.js';
import { freePort } from '../../src/sources/image/registry/testing/registry-server.js';
import { writeOciLayout } from '../../src/sources/image/testing/oci-writer.js';
import { runCli } from './cli.js';

/**
 * A real `rampart serve` (the CLI command, in-process) on 127.0.0.1 with its generated certificate, filled the way
 * production fills it: `rampart scan`/`rampart image --upload` of the repository's examples and a test image, a
 * cluster inventory, admission decisions and suppressions through the API. Some of it is hostile: object names,
 * messages, file paths, project names and reasons carrying markup and script, which every page must show as text.
 */

const REPO = join(import.meta.dirname, '..', '..');

/** Each payload sets its own number, so a test can tell which one ran if any did. */
export const HOSTILE = {
  objectName: '<script>window.__pwned=1</script>',
  fileName: '<img src=x onerror=window.__pwned=2>.yaml',
  project: '<script>window.__pwned=3</script>',
  workload: '"><img src=x onerror=window.__pwned=4>',
  user: '<svg onload=window.__pwned=5>',
  reason: '<script>window.__pwned=6</script> accepted: the sidecar needs it',
  cluster: 'staging-<b>7</b>',
};

const DPKG_STATUS = `Package: zlib1g
Status: install ok installed
Architecture: amd64
Source: zlib
Version: 1:1.2.13.dfsg-1
Description: compression library - runtime

Package: libnghttp2-14
Status: install ok installed
Architecture: amd64
Source: nghttp2
Version: 1.52.0-1
Description: library implementing HTTP/2 protocol (shared library)
`;

const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n';

const HOSTILE_MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: "${HOSTILE.objectName}"
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: app
          image: registry.example/shop:latest
          securityContext:
            privileged: true
`;

export interface SeededServer {
  url: string;
  dir: string;
  ca: string;
  tokens: { admin: string; read: string; ingest: string };
  /** The digest of the test image (vulnerable zlib, nghttp2 and lodash). */
  digest: string;
  api(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; text: string }>;
  stop(): Promise<void>;
}

export interface SeedOptions {
  /** `sqlite:...` (default: a file in the temp dir) or a PostgreSQL URL. */
  database?: string;
  /** Extra `rampart serve` flags (e.g. OIDC). */
  flags?: Record<string, string>;
  /** A port chosen beforehand (an OIDC client's redirect URI names it); default: a free one. */
  port?: number;
}

function httpsCall(url: string, ca: string, method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; text: string }> {
  const target = new URL(path, url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((done, fail) => {
    const req = request({
      host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method, ca, servername: 'localhost',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(payload ? { 'content-type': 'application/json' } : {}) },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => done({ status: response.statusCode ?? 0, text }));
    });
    req.on('error', fail);
    req.end(payload);
  });
}

async function token(dir: string, database: string, name: string, scope: string): Promise<string> {
  const run = await runCli(['serve', 'token', 'create', '--name', name, '--scope', scope, '--database', database], { cwd: dir });
  if (run.code !== 0) throw new Error(`token create: ${run.stderr}`);
  return run.stdout.trim();
}

export async function startSeededServer(options: SeedOptions = {}): Promise<SeededServer> {
  const dir = await mkdtemp(join(tmpdir(), 'rampart-dashboard-'));
  const database = options.database ?? 'sqlite:server.db';
  const tokens = {
    admin: await token(dir, database, 'security-team', 'admin'),
    read: await token(dir, database, 'auditor', 'read'),
    ingest: await token(dir, database, 'ci', 'ingest'),
  };
  const osv = join(dir, 'osv.sqlite');
  await importOsv(join(REPO, 'test', 'fixtures', 'osv'), osv);

  const port = options.port ?? (await freePort());
  const stopServer = new AbortController();
  let stderr = '';
  const io: CliIo = { cwd: dir, env: { ...process.env }, isTTY: false, stdout: () => undefined, stderr: (text) => void (stderr += text), readStdin: async () => '' };
  const running = runServeCommand({ listen: `127.0.0.1:${port}`, 'db-update-interval': 'off', 'log-level': 'error', database, db: osv, ...options.flags }, [], io, stopServer.signal);
  // The generated certificate names localhost (not the IP), as a client on this host would connect.
  const url = `https://localhost:${port}`;
  const caFile = join(dir, 'rampart-server-ca.pem');
  let ca = '';
  for (let i = 0; ; i++) {
    try {
      ca = await readFile(caFile, 'utf8');
      if ((await httpsCall(url, ca, 'GET', '/readyz', undefined)).status === 200) break;
    } catch {
      // not up yet
    }
    if (i > 300) throw new Error(`rampart serve did not start: ${stderr}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  const api = (method: string, path: string, body?: unknown, as = tokens.admin) => httpsCall(url, ca, method, path, as, body);
  const stop = async () => {
    stopServer.abort();
    await running;
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const ci = { RAMPART_TOKEN: tokens.ingest, RAMPART_UPLOAD_CA: caFile };
    const upload = async (args: string[], cwd: string, env: Record<string, string>) => {
      const run = await runCli([...args, '--format', 'json=/dev/null', '--upload', url], { cwd, env: { ...ci, ...env } });
      if (run.code === 3 || !run.stderr.includes('report uploaded')) throw new Error(`${args.join(' ')} (exit ${run.code}): ${run.stderr}`);
      return run;
    };

    const layout = join(dir, 'layout');
    const written = await writeOciLayout(layout, [{
      ref: 'v1',
      image: {
        config: { Cmd: ['node', 'server.js'] },
        layers: [
          { createdBy: '/bin/sh -c #(nop) ADD file:6f0fb7ae in / ', entries: [{ path: 'etc/os-release', content: OS_RELEASE }, { path: 'var/lib/dpkg/status', content: DPKG_STATUS }] },
          { createdBy: 'RUN /bin/sh -c npm ci --omit=dev # buildkit', entries: [{ path: 'app/node_modules/lodash/package.json', content: JSON.stringify({ name: 'lodash', version: '4.17.15', license: 'MIT' }) }] },
        ],
      },
    }]);
    const digest = written.images[0]!.manifestDigest;
    await upload(['image', '--input', 'layout', '--db', osv], dir, { RAMPART_PROJECT: 'payments-api', RAMPART_PULL_REQUEST: '42', RAMPART_COMMIT: '3f1c2a9e7b5d4c1f0a8e6d2b9c7f5e3a1d0b8c6e' });

    // The repository's examples, as CI of two projects would scan them; the cluster one under the cluster's name.
    await upload(['scan', '.', '--skip-dependencies'], join(REPO, 'examples', 'access-and-network'), { RAMPART_PROJECT: 'prod-eu', RAMPART_PIPELINE: 'https://ci.example/prod-eu/runs/7' });
    await upload(['scan', '.', '--skip-dependencies'], join(REPO, 'examples', 'demo-app'), { RAMPART_PROJECT: 'payments-api', RAMPART_PULL_REQUEST: '41' });

    const hostile = join(dir, 'hostile');
    await mkdir(hostile);
    await writeFile(join(hostile, HOSTILE.fileName), HOSTILE_MANIFEST);
    await upload(['scan', '.', '--skip-dependencies'], hostile, { RAMPART_PROJECT: HOSTILE.project });

    const inventory = await api('POST', '/api/v1/cluster-inventories', {
      cluster: 'prod-eu',
      workloads: [
        { namespace: 'shop', kind: 'Deployment', name: 'web', container: 'app', image: 'registry.example/shop:1.4', digest },
        { namespace: 'shop', kind: 'Deployment', name: HOSTILE.workload, container: 'app', image: 'registry.example/shop:1.4', digest },
        { namespace: 'payments', kind: 'StatefulSet', name: 'ledger', container: 'db', image: 'registry.example/postgres:16' },
      ],
    }, tokens.ingest);
    const staging = await api('POST', '/api/v1/cluster-inventories', { cluster: HOSTILE.cluster, workloads: [{ namespace: 'web', kind: 'Deployment', name: 'front', container: 'app', image: 'registry.example/shop:1.4', digest }] }, tokens.ingest);
    const now = Date.now();
    const decisions = await api('POST', '/api/v1/admission-decisions', {
      decisions: [
        { cluster: 'prod-eu', namespace: 'shop', kind: 'Deployment', name: 'web', operation: 'CREATE', user: 'system:serviceaccount:argocd:argocd', allowed: true, rules: [], images: ['registry.example/shop:1.4'], decidedAt: new Date(now - 3_600_000).toISOString() },
        { cluster: 'prod-eu', namespace: 'shop', kind: 'Deployment', name: HOSTILE.objectName, operation: 'UPDATE', user: HOSTILE.user, allowed: false, rules: ['k8s/privileged-container'], images: ['registry.example/shop:latest'], decidedAt: new Date(now - 60_000).toISOString() },
      ],
    }, tokens.ingest);
    const suppressed = await api('POST', '/api/v1/suppressions', { target: 'CVE-2023-45853', subject: `image:${digest}`, reason: 'zlib minizip is not used by the app; rebuild on the next Debian point release', expiresAt: new Date(now + 30 * 86_400_000).toISOString() });
    const hostileReason = await api('POST', '/api/v1/suppressions', { target: 'k8s/host-network', reason: HOSTILE.reason });
    for (const [what, answer] of Object.entries({ inventory, staging, decisions, suppressed, hostileReason })) {
      if (answer.status !== 201) throw new Error(`${what}: ${answer.status} ${answer.text}`);
    }
    return { url, dir, ca, tokens, digest, api, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
