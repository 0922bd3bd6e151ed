import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { findHelm } from '../src/testing/render.js';
import { scanJson } from './helpers/cli.js';

/**
 * charts/rampart: `helm lint` and `helm template` for every combination of its toggles, and `rampart scan` of each
 * rendering (and of the chart itself) reports nothing.
 */

const run = promisify(execFile);
const repo = fileURLToPath(new URL('..', import.meta.url));
const CHART = 'charts/rampart';
const NAMESPACE = 'rampart';
const IMAGE_REPOSITORY = 'ghcr.io/rampart-dev/rampart';
const DIGEST = `sha256:${'ab12'.repeat(16)}`;

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [key: string]: unknown;
}

interface Combination {
  name: string;
  set: string[];
  scan: boolean;
  admission: 'off' | 'cert-manager' | 'secret';
  server: 'off' | 'sqlite' | 'postgres';
  nodeChecks: boolean;
}

function combinations(): Combination[] {
  const all: Combination[] = [];
  for (const scan of [true, false])
    for (const admission of ['off', 'cert-manager', 'secret'] as const)
      for (const server of ['off', 'sqlite', 'postgres'] as const)
        for (const nodeChecks of [true, false]) {
          const set = [`scan.enabled=${scan}`, `admission.enabled=${admission !== 'off'}`, `server.enabled=${server !== 'off'}`, `nodeChecks.enabled=${nodeChecks}`, `image.digest=${DIGEST}`];
          if (admission !== 'off') set.push(`admission.certificate.source=${admission}`);
          if (admission === 'secret') set.push('admission.certificate.secretName=webhook-tls', `admission.certificate.caBundle=${Buffer.from('-----BEGIN CERTIFICATE-----').toString('base64')}`);
          if (server !== 'off') set.push(`server.database.type=${server}`);
          all.push({ name: `scan=${scan} admission=${admission} server=${server} nodeChecks=${nodeChecks}`, set, scan, admission, server, nodeChecks });
        }
  return all;
}

const setArgs = (set: string[]) => set.flatMap((value) => ['--set', value]);

async function helm(args: string[]): Promise<string> {
  const { stdout } = await run(findHelm(), args, { cwd: repo, maxBuffer: 32 * 1024 * 1024 });
  return stdout;
}

async function render(set: string[]): Promise<{ yaml: string; objects: K8sObject[] }> {
  const yaml = await helm(['template', 'rampart', CHART, '--namespace', NAMESPACE, ...setArgs(set)]);
  const objects = parseAllDocuments(yaml)
    .map((document) => document.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
  return { yaml, objects };
}

const kinds = (objects: K8sObject[]) => new Set(objects.map((o) => o.kind));

function images(objects: K8sObject[]): string[] {
  const found: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (Array.isArray(value)) value.forEach((item) => walk(item, key));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
    else if (key === 'image' && typeof value === 'string') found.push(value);
  };
  walk(objects, '');
  return found;
}

interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

describe('charts/rampart', () => {
  it('lints clean with its default values and with every component on', async () => {
    await helm(['lint', CHART, '--strict']);
    await helm(['lint', CHART, '--strict', ...setArgs(['admission.enabled=true', 'server.enabled=true', 'nodeChecks.enabled=true'])]);
  });

  it('renders, and rampart scan reports nothing, for every combination of its toggles', async () => {
    for (const combination of combinations()) {
      const { yaml, objects } = await render(combination.set);
      const rendered = kinds(objects);
      expect(rendered.has('CronJob'), combination.name).toBe(combination.scan);
      expect(rendered.has('ValidatingWebhookConfiguration'), combination.name).toBe(combination.admission !== 'off');
      expect(rendered.has('Certificate'), combination.name).toBe(combination.admission === 'cert-manager');
      expect(objects.some((o) => o.kind === 'Deployment' && o.metadata.name === 'rampart-server'), combination.name).toBe(combination.server !== 'off');
      expect(rendered.has('PersistentVolumeClaim'), combination.name).toBe(combination.server === 'sqlite');
      expect(rendered.has('DaemonSet'), combination.name).toBe(combination.nodeChecks);
      // Key material never comes from the chart: no Secret is rendered, whatever the toggles.
      expect(rendered.has('Secret'), combination.name).toBe(false);
      for (const image of images(objects)) expect(image).toBe(`${IMAGE_REPOSITORY}:0.1.0@${DIGEST}`);

      await helm(['lint', CHART, '--strict', ...setArgs(combination.set)]);
      const { code, report } = await scanJson(['-', '--namespace', NAMESPACE], { cwd: repo, stdin: yaml });
      // cert-manager's kinds are custom resources to the scanner: a warning that only generic rules apply, no error.
      const errors = report.errors.filter((e) => !(e.level === 'warning' && /^cert-manager\.io\/v1 (Certificate|Issuer) is not a built-in Kubernetes kind/.test(e.message)));
      expect({ combination: combination.name, errors, findings: report.findings.filter((f) => !f.suppressed) }).toEqual({ combination: combination.name, errors: [], findings: [] });
      expect(code).toBe(0);
    }
  }, 600_000);

  it('passes rampart scan of the chart itself (rendered with its default values)', async () => {
    const { code, report } = await scanJson([CHART, '--helm', findHelm()], { cwd: repo });
    expect(report.errors).toEqual([]);
    expect(report.summary.resources).toBeGreaterThan(0);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('runs the SQLite server as one replica that never overlaps, and PostgreSQL replicas from a Secret', async () => {
    const sqlite = (await render(['server.enabled=true', 'server.database.type=sqlite', 'server.replicas=3'])).objects.find((o) => o.kind === 'Deployment')!;
    expect(sqlite).toMatchObject({ spec: { replicas: 1, strategy: { type: 'Recreate' } } });
    const postgres = (await render(['server.enabled=true', 'server.database.type=postgres', 'server.replicas=3'])).objects.find((o) => o.kind === 'Deployment')!;
    expect(postgres).toMatchObject({ spec: { replicas: 3, strategy: { type: 'RollingUpdate' } } });
    expect(JSON.stringify(postgres)).toContain('"secretKeyRef":{"name":"rampart-server-database","key":"url"}');
    expect(JSON.stringify(postgres)).not.toContain('--database');
  });

  it('grants least privilege: no wildcards, no Secrets unless asked, writes only to PolicyReports', async () => {
    const { objects } = await render(['admission.enabled=true', 'server.enabled=true', 'nodeChecks.enabled=true']);
    const rules = objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role').flatMap((o) => o.rules as PolicyRule[]);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect([...rule.apiGroups, ...rule.resources, ...rule.verbs]).not.toContain('*');
      expect(rule.resources).not.toContain('secrets');
      const writes = rule.verbs.filter((verb) => !['get', 'list', 'watch'].includes(verb));
      if (writes.length > 0) expect(rule).toEqual({ apiGroups: ['wgpolicyk8s.io'], resources: ['policyreports', 'clusterpolicyreports'], verbs: ['create', 'update', 'patch'] });
    }
    // Bindings exist for the scanner and the webhook only; the server and the node checks have no role at all.
    const subjects = objects.filter((o) => o.kind === 'ClusterRoleBinding').flatMap((o) => o.subjects as Array<{ name: string; namespace: string }>);
    expect(subjects.map((s) => s.name).sort()).toEqual(['rampart-admission', 'rampart-scanner']);
    expect(subjects.every((s) => s.namespace === NAMESPACE)).toBe(true);

    const withSecrets = (await render(['scan.readSecrets=true'])).objects.find((o) => o.kind === 'ClusterRole')!;
    expect(withSecrets.rules).toContainEqual({ apiGroups: [''], resources: ['secrets'], verbs: ['list'] });
  });

  it('sends the nightly report and running inventory to a server when asked, with the egress that needs and no finding', async () => {
    const upload = ['scan.upload.url=https://rampart.example', 'scan.upload.clusterName=prod-eu', 'scan.upload.tokenSecret=rampart-upload', `image.digest=${DIGEST}`];
    const { yaml, objects } = await render(upload);
    const cronJob = objects.find((o) => o.kind === 'CronJob')!;
    const env = (cronJob as unknown as { spec: { jobTemplate: { spec: { template: { spec: { containers: Array<{ env: unknown[] }> } } } } } }).spec.jobTemplate.spec.template.spec.containers[0]!.env;
    expect(env).toEqual(expect.arrayContaining([
      { name: 'RAMPART_UPLOAD', value: 'https://rampart.example' },
      { name: 'RAMPART_CLUSTER_NAME', value: 'prod-eu' },
      { name: 'RAMPART_TOKEN', valueFrom: { secretKeyRef: { name: 'rampart-upload', key: 'token' } } },
    ]));
    expect(JSON.stringify(objects.find((o) => o.kind === 'NetworkPolicy' && (o.metadata as { name: string }).name.endsWith('-scan')))).toContain('"port":443');
    const { code, report } = await scanJson(['-', '--namespace', NAMESPACE], { cwd: repo, stdin: yaml });
    expect(report.findings.filter((f) => !f.suppressed)).toEqual([]);
    expect(code).toBe(0);
    // Without a token or a cluster name nothing could be stored: the schema says so before anything is deployed.
    await expect(render(['scan.upload.url=https://rampart.example'])).rejects.toThrow(/schema|minLength/);
  });

  it('rejects values its schema does not allow', async () => {
    for (const set of [['image.digest=latest'], ['server.database.type=mysql'], ['admission.timeoutSeconds=31'], ['admission.enabled=true', 'admission.certificate.source=secret'], ['scan.schedule=x']]) {
      await expect(render(set), set.join(' ')).rejects.toThrow(/values don't meet the specifications of the schema|minLength|pattern|must be|value must be one of/);
    }
  });

  it('points at the same image as the manifests in deploy/', () => {
    const files = ['deploy/cronjob.yaml', 'deploy/server/deployment.yaml', 'deploy/node-checks/daemonset.yaml'];
    const values = readFileSync(join(repo, CHART, 'values.yaml'), 'utf8');
    expect(values).toContain(`repository: ${IMAGE_REPOSITORY}\n`);
    for (const file of files) expect(readFileSync(join(repo, file), 'utf8')).toMatch(new RegExp(`image: ${IMAGE_REPOSITORY}:0\\.1\\.0@sha256:[0-9a-f]{64}\\n`));
    const chart = readFileSync(join(repo, CHART, 'Chart.yaml'), 'utf8');
    const packageVersion = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
    expect(chart).toContain(`appVersion: "${packageVersion}"`);
    expect(readdirSync(join(repo, CHART))).toEqual(expect.arrayContaining(['Chart.yaml', 'values.yaml', 'values.schema.json', 'templates']));
  });
});
