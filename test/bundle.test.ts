import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

/**
 * The start-up bundle (scripts/bundle.mjs) on a private build laid out as the package ships: it runs the same
 * commands with the same results as the module tree, finds the files its modules read next to themselves, and
 * bin/rampart.js never runs a bundle older than the tree.
 */

const run = promisify(execFile);
const repo = fileURLToPath(new URL('..', import.meta.url));
const DOCKERFILE = join(repo, 'examples', 'demo-app', 'Dockerfile');
let root: string;
let bundleDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rampart-bundle-'));
  await mkdir(join(root, 'bin'));
  await mkdir(join(root, 'docs'));
  await copyFile(join(repo, 'bin', 'rampart.js'), join(root, 'bin', 'rampart.js'));
  await copyFile(join(repo, 'package.json'), join(root, 'package.json'));
  await copyFile(join(repo, 'docs', 'report.schema.json'), join(root, 'docs', 'report.schema.json'));
  await symlink(join(repo, 'node_modules'), join(root, 'node_modules'));
  await run(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', join(root, 'dist')], { cwd: repo, maxBuffer: 16 * 1024 * 1024 });
  await run(process.execPath, ['scripts/bundle.mjs', join(root, 'dist')], { cwd: repo });
  bundleDir = join(root, 'dist', 'bundle');
}, 300_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function rampart(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'bin', 'rampart.js'), ...args], { cwd: repo, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the start-up bundle', () => {
  it('is the CLI\'s and the file worker\'s entry files with their shared chunks beside them, and no import of what it inlines', async () => {
    const files = await readdir(bundleDir);
    expect(files).toContain('rampart.mjs');
    expect(files).toContain('file-worker.mjs');
    expect(files.every((f) => f === 'rampart.mjs' || f === 'file-worker.mjs' || /^chunk-[\w-]+\.mjs$/.test(f))).toBe(true);
    const entry = await readFile(join(bundleDir, 'rampart.mjs'), 'utf8');
    expect(entry).not.toMatch(/from\s*"(yaml|etcd3|@kubernetes\/client-node)"/);
  });

  it('reports what the module tree reports, with the same exit code', async () => {
    const bundled = await rampart(['scan', DOCKERFILE, '--format', 'json']);
    const tree = await runCli(['scan', DOCKERFILE, '--format', 'json'], { cwd: repo });
    const findings = (stdout: string) => (JSON.parse(stdout) as { findings: Array<{ ruleId: string; location: unknown }> }).findings.map((f) => [f.ruleId, f.location]);
    expect(findings(bundled.stdout).length).toBeGreaterThan(0);
    expect(findings(bundled.stdout)).toEqual(findings(tree.stdout));
    expect(bundled.code).toBe(1);
    expect(tree.code).toBe(1);
  });

  it('reads its version from package.json, and every file its modules locate next to themselves exists', async () => {
    const version = await rampart(['--version']);
    expect(version.stdout.trim()).toBe((JSON.parse(await readFile(join(repo, 'package.json'), 'utf8')) as { version: string }).version);
    // The V8 flags bin/rampart.js sets are known to this Node (an unknown one prints an error, and runs on).
    expect(version.stderr).toBe('');
    // The bundle rewrites a module's import.meta.url to its compiled file in dist/; what that module then locates
    // relative to itself (the package.json, the report schema, the worker script) must be there.
    const modules = new Set<string>();
    const targets = new Set<string>();
    for (const file of await readdir(bundleDir)) {
      const code = await readFile(join(bundleDir, file), 'utf8');
      for (const [, module] of code.matchAll(/new URL\(["`]([^"`]+)["`],import\.meta\.url\)/g)) modules.add(resolve(bundleDir, module!));
      for (const [, target, module] of code.matchAll(/new URL\(["`]([^"`]+)["`],new URL\(["`]([^"`]+)["`],import\.meta\.url\)/g)) {
        targets.add(resolve(dirname(resolve(bundleDir, module!)), target!));
      }
    }
    expect([...targets].map((t) => relative(root, t)).sort()).toEqual(['dist/bundle/file-worker.mjs', 'docs/report.schema.json', 'package.json']);
    for (const path of [...modules, ...targets]) expect(existsSync(path), path).toBe(true);
  });

  it('starts its own file worker, which checks and searches files as the module tree\'s does', async () => {
    const { allRules } = (await import(pathToFileURL(join(root, 'dist', 'pipeline', 'rule-selection.js')).href)) as typeof import('../src/pipeline/rule-selection.js');
    const workerData = { ruleIds: allRules().map((rule) => rule.meta.id), settings: { pss: { level: 'restricted', version: { major: 1, minor: 99 } }, allowedRegistries: [] }, rules: true, secrets: true, keepObjects: true };
    const file = {
      file: 'app/web.yaml',
      kind: 'yaml',
      text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        env:\n        - name: DATABASE_URL\n          value: postgres://admin:s3cr3tPassw0rd@db.internal:5432/app\n',
    };
    const answers = async (script: string) => {
      const worker = new Worker(script, { workerData });
      try {
        const replies: unknown[] = [];
        await new Promise<void>((done, failed) => {
          worker.on('error', failed);
          worker.on('message', (reply: { ready?: true }) => {
            if (reply.ready) {
              worker.postMessage({ id: 1, task: 'check', files: [file] });
              worker.postMessage({ id: 2, task: 'search', files: [file] });
            } else if (replies.push(reply) === 2) done();
          });
        });
        return replies;
      } finally {
        await worker.terminate();
      }
    };
    const bundled = await answers(join(bundleDir, 'file-worker.mjs'));
    expect(JSON.stringify(bundled)).toContain('k8s/env-plain-secret');
    expect(JSON.stringify(bundled)).toContain('secret/url-credentials');
    expect(bundled).toEqual(await answers(join(root, 'dist', 'pipeline', 'workers', 'file-worker.js')));
  });

  it('a pre-commit secret search loads the secret detectors, and no other family’s rules, YAML parser or image reader', async () => {
    const repository = join(root, 'staged-repository');
    await mkdir(repository);
    await run('git', ['init', '-q'], { cwd: repository });
    await copyFile(DOCKERFILE, join(repository, 'Dockerfile'));
    await writeFile(join(repository, 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n');
    await run('git', ['add', 'Dockerfile', 'deployment.yaml'], { cwd: repository });
    // A loader hook records every module the command loads from the private module tree and node_modules.
    const log = join(root, 'loaded.txt');
    await writeFile(join(root, 'record-hooks.mjs'), `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); }\n`);
    await writeFile(join(root, 'record.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(root, 'record-hooks.mjs')).href)});\n`);
    const tree = pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href;
    const script = `const { main } = await import(${JSON.stringify(tree)}); process.exitCode = await main(['secrets', '--staged']);`;
    const loadedBy = async () => {
      await rm(log, { force: true });
      await run(process.execPath, ['--import', pathToFileURL(join(root, 'record.mjs')).href, '--input-type=module', '-e', script], { cwd: repository });
      return (await readFile(log, 'utf8')).trim().split('\n').map((url) => url.replace(pathToFileURL(root).href, ''));
    };
    const otherFamilies = /\/dist\/checks\/rules\/(kubernetes|dockerfile|image|node|image-trust)\/|\/dist\/checks\/analysis\//;
    const loaded = await loadedBy();
    expect(loaded.filter((url) => url.includes('/dist/checks/secrets/detectors/')).length).toBeGreaterThan(50);
    const unwanted = /\/dist\/parsers\/(kubernetes\/yaml-|dockerfile\/)|\/dist\/sources\/image\/layers\/|\/node_modules\/(js-yaml|yaml|tar-stream|fzstd|ignore)\//;
    expect(loaded.filter((url) => otherFamilies.test(url) || unwanted.test(url))).toEqual([]);
    // A project config that sets secret rules (by ID or a peer's alias) is read (YAML) but loads no other family;
    // one naming a Kubernetes rule loads them, to tell that rule from a typo.
    await writeFile(join(repository, 'rampart.yaml'), 'rules:\n  secret/github-pat:\n    severity: low\n  aws-access-token:\n    enabled: false\n');
    expect((await loadedBy()).filter((url) => otherFamilies.test(url))).toEqual([]);
    await writeFile(join(repository, 'rampart.yaml'), 'rules:\n  k8s/pss-privileged:\n    enabled: false\n');
    expect((await loadedBy()).some((url) => otherFamilies.test(url))).toBe(true);
  });

  it('is skipped by bin/rampart.js when the module tree is newer than it', async () => {
    const entry = join(bundleDir, 'rampart.mjs');
    const original = await readFile(entry);
    try {
      await writeFile(entry, 'export async function main() { process.stdout.write("from the bundle\\n"); return 0; }\n');
      const now = Date.now() / 1000;
      await utimes(entry, now - 60, now - 60);
      expect((await rampart(['--version'])).stdout).not.toContain('from the bundle');
      await utimes(entry, now + 60, now + 60);
      expect((await rampart(['--version'])).stdout).toBe('from the bundle\n');
    } finally {
      await writeFile(entry, original);
    }
  });
});
