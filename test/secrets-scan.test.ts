import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, scanJson } from './helpers/cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-secrets-scan-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PASSWORD = 'Pz8wK4sN6vRt';
const secretsOf = (report: Awaited<ReturnType<typeof scanJson>>['report']) => report.findings.filter((f) => f.ruleId.startsWith('secret/'));

describe('rampart scan searches every text file for leaked credentials', () => {
  it('finds secrets in plain files and base64 Secret data, skips binary files, and never prints the secret', async () => {
    await writeFile(join(dir, 'app.env'), `DATABASE_URL=postgres://app:${PASSWORD}@db.internal:5432/shop\n`);
    await writeFile(join(dir, 'secret.yaml'), `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\ndata:\n  url: ${Buffer.from(`mysql://root:${PASSWORD}@mysql/app`).toString('base64')}\n`);
    await writeFile(join(dir, 'blob.bin'), Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(`postgres://app:${PASSWORD}@db/x`)]));
    const { report } = await scanJson(['.', '--fail-on', 'never', '--skip-dependencies'], { cwd: dir });
    expect(secretsOf(report).map((f) => [f.ruleId, f.location.file, f.location.startLine])).toEqual([
      ['secret/url-credentials', 'app.env', 1],
      ['secret/url-credentials', 'secret.yaml', 7],
    ]);
    const table = await runCli(['scan', '.', '--fail-on', 'never', '--skip-dependencies'], { cwd: dir });
    expect(table.stdout).toContain('base64-decoded from Secret data key "url"');
    expect(table.stdout).not.toContain(PASSWORD);
    expect(JSON.stringify(report)).not.toContain(PASSWORD);
  });

  it('honours rampart:allow comments, --skip-secrets and the rule config', async () => {
    await writeFile(join(dir, 'app.env'), `# rampart:allow secret/url-credentials local compose database, no real data\nDATABASE_URL=postgres://app:${PASSWORD}@localhost/shop\n`);
    const allowed = await scanJson(['.', '--fail-on', 'never', '--skip-dependencies'], { cwd: dir });
    expect(secretsOf(allowed.report)[0]!.suppressed).toEqual({ kind: 'inline', reason: 'local compose database, no real data' });
    await writeFile(join(dir, 'other.env'), `URL=postgres://app:${PASSWORD}@db/shop\n`);
    const skipped = await scanJson(['.', '--skip-secrets', '--skip-dependencies'], { cwd: dir });
    expect(secretsOf(skipped.report)).toEqual([]);
    await writeFile(join(dir, 'rampart.yaml'), 'rules:\n  secret/url-credentials: off\n');
    const off = await scanJson(['.', '--skip-dependencies'], { cwd: dir });
    expect(secretsOf(off.report)).toEqual([]);
  });

  it('searches Helm values files, which are rendered rather than scanned as text', async () => {
    await cp(join(import.meta.dirname, 'fixtures', 'charts', 'agent'), join(dir, 'agent'), { recursive: true });
    await writeFile(join(dir, 'agent', 'values-prod.yaml'), `database:\n  url: postgres://agent:${PASSWORD}@db.prod:5432/agent\n`);
    const { report } = await scanJson(['agent', '--fail-on', 'never', '--skip-dependencies', '--values', 'agent/values-prod.yaml'], { cwd: dir });
    expect(secretsOf(report).map((f) => f.location.file)).toEqual(['agent/values-prod.yaml']);
  });

  it('runs detectors defined in rampart.yaml and rejects invalid ones with the line', async () => {
    await writeFile(
      join(dir, 'rampart.yaml'),
      'secrets:\n  detectors:\n    - id: acme-internal-token\n      title: ACME internal API token\n      severity: critical\n      regex: "acme_(?<secret>[a-z0-9]{24})"\n      keywords: [acme_]\n      entropy: 3\n      allow: ["^0+$"]\n',
    );
    await writeFile(join(dir, 'client.py'), `TOKEN = "acme_k3j9x0q2m8v7c5z1w4r6t2y8"\nZERO = "acme_000000000000000000000000"\n`);
    const { report } = await scanJson(['.', '--fail-on', 'never', '--skip-dependencies'], { cwd: dir });
    expect(secretsOf(report).map((f) => [f.ruleId, f.severity, f.location.startLine])).toEqual([['secret/acme-internal-token', 'critical', 1]]);

    await writeFile(join(dir, 'rampart.yaml'), 'secrets:\n  detectors:\n    - id: broken\n      regex: "acme_("\n      keywords: [acme]\n');
    const broken = await runCli(['scan', '.'], { cwd: dir });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/rampart\.yaml:4.*invalid regular expression/);
    await writeFile(join(dir, 'rampart.yaml'), 'secrets:\n  detectors:\n    - id: github-pat\n      regex: "x{3}"\n      keywords: [xxx]\n');
    expect((await runCli(['scan', '.'], { cwd: dir })).stderr).toMatch(/built-in detector/);
  });
});
