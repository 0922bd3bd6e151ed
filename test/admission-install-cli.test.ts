import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import yaml from 'js-yaml';
import { serveSubcommand } from '../src/cli/admission-serve.js';
import { parseArgsConfig } from '../src/cli/options.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { pinImage } from '../src/services/admission/install/image.js';
import { writeOciLayout } from '../src/sources/image/testing/oci-writer.js';
import { startRegistry, type RegistryServer } from '../src/sources/image/registry/testing/registry-server.js';
import { pushLayout } from '../src/sources/image/registry/testing/skopeo.js';

const PINNED = `ghcr.io/rampart-dev/rampart:0.1.0@sha256:${'c'.repeat(64)}`;
type Manifest = Record<string, any>;

let dir: string;
let registry: RegistryServer;
let manifestDigest: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-install-cli-'));
  registry = await startRegistry();
  const layout = await writeOciLayout(join(dir, 'layout'), [{ ref: 'v1', image: { layers: [{ entries: [{ path: 'hello.txt', content: 'hi' }] }] } }]);
  manifestDigest = layout.images[0]!.manifestDigest;
  await pushLayout(join(dir, 'layout'), 'v1', `${registry.host}/rampart/rampart:v1`);
});
afterAll(async () => {
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const install = (args: string[]) => runCli(['admission', 'install', ...args], { cwd: dir });

describe('rampart admission install', () => {
  it('renders the manifests with the given config shipped verbatim in the ConfigMap', async () => {
    const config = 'pss:\n  level: baseline\nadmission:\n  failurePolicy: Ignore\n  timeoutMs: 4000\n';
    await writeFile(join(dir, 'rampart.yaml'), config);
    const run = await install(['--image', PINNED, '--certificate', 'cert-manager']);
    expect(run.code).toBe(0);
    const docs = yaml.loadAll(run.stdout) as Manifest[];
    expect(docs.find((d) => d.kind === 'ConfigMap')!.data['rampart.yaml']).toBe(config);
    // failurePolicy and the timeout come from the config unless given on the command line.
    const [webhook] = docs.find((d) => d.kind === 'ValidatingWebhookConfiguration')!.webhooks;
    expect(webhook).toMatchObject({ failurePolicy: 'Ignore', timeoutSeconds: 5 });
    expect(docs.find((d) => d.kind === 'Deployment')!.spec.template.spec.containers[0].image).toBe(PINNED);
    await rm(join(dir, 'rampart.yaml'));
  });

  it('writes -o FILE readable by its owner only, since a self-signed install holds the serving key', async () => {
    const run = await install(['--image', PINNED, '-o', 'install.yaml', '--failure-policy', 'Fail', '--timeout-seconds', '7', '--namespace', 'guard']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect((await stat(join(dir, 'install.yaml'))).mode & 0o777).toBe(0o600);
    const docs = yaml.loadAll(await readFile(join(dir, 'install.yaml'), 'utf8')) as Manifest[];
    expect(docs.find((d) => d.kind === 'Secret')!.metadata).toMatchObject({ name: 'rampart-admission-tls', namespace: 'guard' });
    expect(docs.find((d) => d.kind === 'ValidatingWebhookConfiguration')!.webhooks[0]).toMatchObject({ failurePolicy: 'Fail', timeoutSeconds: 7 });
    expect(docs.filter((d) => d.kind === 'MutatingWebhookConfiguration')).toEqual([]);
  });

  it('says on stderr that stdout carries the private key', async () => {
    const run = await install(['--image', PINNED]);
    expect(run.stdout).toContain('kind: Secret');
    expect(run.stderr).toContain("holds the webhook's private key");
  });

  it('refuses a config that does not validate rather than ship it', async () => {
    await writeFile(join(dir, 'broken.yaml'), 'admission:\n  failurePolicy: Sometimes\n');
    const run = await install(['--image', PINNED, '--config', 'broken.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('broken.yaml');
    expect(run.stdout).toBe('');
  });

  it.each([
    [['--certificate', 'letsencrypt'], '--certificate must be self-signed or cert-manager'],
    [['--failure-policy', 'Sometimes'], '--failure-policy must be Fail or Ignore'],
    [['--timeout-seconds', '0'], '--timeout-seconds must be a whole number from 1 to 30'],
    [['--timeout-seconds', '31'], '--timeout-seconds must be a whole number from 1 to 30'],
    [['--timeout-seconds', '2.5'], '--timeout-seconds must be a whole number from 1 to 30'],
    [['--dry-run'], '--dry-run needs --apply'],
    [['--kubeconfig', 'k'], '--kubeconfig needs --apply'],
    [['--apply', '-o', 'x.yaml'], '--output and --apply exclude each other'],
    [['--namespace', 'Not_A_Label'], '--namespace must be a DNS label'],
  ])('rejects %j', async (args, message) => {
    const run = await install(['--image', PINNED, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('--apply reports an unreachable cluster and exits 3', async () => {
    await writeFile(join(dir, 'nowhere.kubeconfig'), JSON.stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'c',
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }], users: [{ name: 'u', user: {} }], contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
    }));
    const run = await install(['--image', PINNED, '--apply', '--kubeconfig', 'nowhere.kubeconfig']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/install failed: cannot reach the API server at https:\/\/127\.0\.0\.1:1/);
  });

  it('pins a tag to the digest the registry serves; --keep-tag leaves it', async () => {
    const image = `${registry.host}/rampart/rampart:v1`;
    const pinned = await install(['--image', image, '--certificate', 'cert-manager']);
    expect(pinned.code).toBe(0);
    const container = (run: { stdout: string }) => (yaml.loadAll(run.stdout) as Manifest[]).find((d) => d.kind === 'Deployment')!.spec.template.spec.containers[0];
    expect(container(pinned).image).toBe(`${image}@${manifestDigest}`);
    const kept = await install(['--image', image, '--certificate', 'cert-manager', '--keep-tag']);
    expect(container(kept).image).toBe(image);
  });
});

describe('the installed Deployment', () => {
  it('starts `admission serve` with flags serve declares', async () => {
    const run = await install(['--image', PINNED, '--certificate', 'cert-manager']);
    const args = (yaml.loadAll(run.stdout) as Manifest[]).find((d) => d.kind === 'Deployment')!.spec.template.spec.containers[0].args as string[];
    expect(args.slice(0, 2)).toEqual(['admission', 'serve']);
    const { values, positionals } = parseArgs({ args: args.slice(2), options: parseArgsConfig(serveSubcommand.options), strict: true, allowPositionals: true });
    expect(positionals).toEqual([]);
    expect(values).toMatchObject({ config: '/etc/rampart/config/rampart.yaml', 'tls-cert': '/etc/rampart/tls/tls.crt', 'tls-key': '/etc/rampart/tls/tls.key', port: '8443', 'audit-interval': '1h' });
  });
});

describe('pinImage', () => {
  it('keeps a reference that names a digest without asking the registry', async () => {
    expect(await pinImage(PINNED, { requestTimeoutMs: 1 })).toEqual({ image: PINNED });
  });

  it('keeps the tag and says why when the tag is unknown or the registry unreachable', async () => {
    const unknown = await pinImage(`${registry.host}/rampart/rampart:missing`);
    expect(unknown.image).toBe(`${registry.host}/rampart/rampart:missing`);
    expect(unknown.warning).toMatch(/^cannot resolve .*:missing to a digest/);
    const unreachable = await pinImage('127.0.0.1:1/rampart/rampart:v1', { retry: { maxAttempts: 1 } });
    expect(unreachable.warning).toContain('cannot resolve 127.0.0.1:1/rampart/rampart:v1 to a digest');
  });
});
