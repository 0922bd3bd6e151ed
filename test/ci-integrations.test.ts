import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { checksummedToken } from '../src/checks/secrets/detectors/testing/tokens.js';
import { semgrepLog } from '../src/parsers/sarif/testing/samples.js';
import { TestRepo, useGitWorkspace } from '../src/sources/git/testing/repo.js';
import { scanJson } from './helpers/cli.js';

/**
 * Each integration (the GitHub Action, the GitLab template, the Tekton Task, the pre-commit hooks) as its example in
 * examples/ci/ configures it: the command line it runs is read from the file, its parameters filled in as the CI
 * system would, and run as-is by a shell with a real `rampart` on PATH, against a fresh clone with a pull request
 * that adds a secret and a privileged Pod, and a Semgrep SARIF log. `rampart` is `node bin/rampart.js` of this
 * checkout (built `dist/`), or the compiled tree in $RAMPART_DIST.
 *
 * What is not run: the steps that install Rampart (`npm ci` of the action's checkout, the template's clone of a
 * release), which need the network; they are checked for their pinning only.
 */

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const TOKEN = checksummedToken('ghp_', 51);

const BAD_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
    - name: web
      image: nginx:1.27
      securityContext:
        privileged: true
`;

const workspace = useGitWorkspace('rampart-ci-integrations-');
let binDir: string;

/** `rampart` on PATH: a real process, as CI systems start it. */
function installRampart(root: string): string {
  const dir = join(root, 'bin');
  mkdirSync(dir, { recursive: true });
  const launcher = join(dir, 'launch.mjs');
  writeFileSync(
    launcher,
    [
      `import { join } from 'node:path';`,
      `import { pathToFileURL } from 'node:url';`,
      `const dist = process.env.RAMPART_DIST;`,
      `if (dist) {`,
      `  const { main } = await import(pathToFileURL(join(dist, 'cli', 'main.js')).href);`,
      `  process.exitCode = await main(process.argv.slice(2));`,
      `} else {`,
      `  await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'bin', 'rampart.js')).href)});`,
      `}`,
    ].join('\n'),
  );
  const shim = join(dir, 'rampart');
  writeFileSync(shim, `#!/bin/sh\nexec node ${JSON.stringify(launcher)} "$@"\n`);
  chmodSync(shim, 0o755);
  return dir;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<Run> {
  return new Promise((resolvePromise) => {
    execFile(command, args, { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env, PATH: `${binDir}:${process.env.PATH}` }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 255) : 0;
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** A clone of `main` with a pull-request branch: a privileged Pod and a token in one commit, a Semgrep log beside. */
function pullRequestClone(name: string): { dir: string; base: string } {
  const upstream = new TestRepo(join(workspace.root, `${name}-upstream`));
  mkdirSync(upstream.dir);
  upstream.git('init', '-q', '-b', 'main');
  upstream.git('config', 'user.name', 'Test User');
  upstream.git('config', 'user.email', 'test@example.invalid');
  upstream.write('README.md', '# shop\n');
  upstream.write('web/app.js', 'const x = 1;\n'.repeat(40));
  const base = upstream.commit('base');
  const dir = join(workspace.root, name);
  execFileSync('git', ['clone', '-q', upstream.dir, dir]);
  const clone = new TestRepo(dir);
  clone.git('config', 'user.name', 'Test User');
  clone.git('config', 'user.email', 'test@example.invalid');
  clone.git('checkout', '-q', '-b', 'feature');
  clone.write('deploy/pod.yaml', BAD_POD);
  clone.write('config/app.env', `GITHUB_TOKEN=${TOKEN}\n`);
  clone.commit('add the web pod');
  writeFileSync(join(dir, 'semgrep.sarif'), JSON.stringify(semgrepLog([{ file: 'web/app.js', line: 12 }])));
  return { dir, base };
}

const yamlFile = <T>(path: string): T => parse(readFileSync(join(repoRoot, path), 'utf8')) as T;
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

interface SarifLog {
  runs: Array<{ results: Array<{ ruleId: string }> }>;
}

beforeAll(() => {
  binDir = installRampart(workspace.root);
});

describe('GitHub Action (action.yml) as examples/ci/github-workflow.yml uses it', () => {
  interface ActionStep {
    id?: string;
    uses?: string;
    if?: string;
    run?: string;
    shell?: string;
    env?: Record<string, string>;
    with?: Record<string, string>;
  }
  const action = yamlFile<{ inputs: Record<string, { default?: string }>; runs: { using: string; steps: ActionStep[] } }>('action.yml');
  const workflow = yamlFile<{ jobs: Record<string, { steps: ActionStep[] }> }>('examples/ci/github-workflow.yml');

  /** `${{ ... }}` as GitHub evaluates the few expressions these files use; anything else is a test failure. */
  function expand(text: string, context: Record<string, string>): string {
    return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
      if (!(expression in context)) throw new Error(`unexpected expression ${expression}`);
      return context[expression]!;
    });
  }

  it('pins every action it uses by commit SHA', () => {
    for (const step of action.runs.steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^[\w-]+\/[\w/-]+@[0-9a-f]{40}$/);
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.if).toContain('always()');
    expect(upload.if).toContain("inputs.upload-sarif == 'true'");
  });

  it('runs the example\'s rampart step: the gate fails, SARIF, Markdown and JUnit are written, the summary is appended', async () => {
    const { dir } = pullRequestClone('github');
    const used = Object.values(workflow.jobs).flatMap((job) => job.steps).find((step) => step.uses?.startsWith('rampart-dev/rampart@'))!;
    const github = { 'github.base_ref': 'main' };
    const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? '']));
    for (const [name, value] of Object.entries(used.with ?? {})) inputs[name] = expand(String(value), github);
    const step = action.runs.steps.find((s) => s.id === 'ci')!;
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, expand(value, Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`inputs.${k}`, v])))]));
    const output = join(workspace.root, 'github-output');
    const summary = join(workspace.root, 'github-summary.md');
    writeFileSync(join(workspace.root, 'github-step.sh'), step.run!);
    expect(step.shell).toBe('bash');
    // The command line GitHub runs for `shell: bash`.
    const result = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', join(workspace.root, 'github-step.sh')], { cwd: dir, env: { ...env, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(readFileSync(output, 'utf8')).toBe('exit-code=1\n');
    const sarif = readJson<SarifLog>(join(dir, inputs['sarif-file']!));
    const rules = sarif.runs[0]!.results.map((r) => r.ruleId);
    expect(rules).toContain('imported/semgrep-oss/javascript.browser.security.eval-detected.eval-detected');
    expect(rules.some((id) => id.startsWith('secret/'))).toBe(true);
    expect(rules.some((id) => id.startsWith('k8s/'))).toBe(true);
    expect(readFileSync(join(dir, 'rampart-summary.md'), 'utf8')).toContain('## Rampart');
    expect(readFileSync(join(dir, 'rampart-junit.xml'), 'utf8')).toContain('<testsuites');
    expect(readFileSync(summary, 'utf8')).toContain('### Findings');
    for (const file of [inputs['sarif-file']!, 'rampart-summary.md', 'rampart-junit.xml']) expect(readFileSync(join(dir, file), 'utf8')).not.toContain(TOKEN);
    expect(result.stdout).not.toContain(TOKEN);
  });

  it('an input cannot inject shell code: it arrives as one argument', async () => {
    const { dir } = pullRequestClone('github-injection');
    const step = action.runs.steps.find((s) => s.id === 'ci')!;
    writeFileSync(join(workspace.root, 'github-step-2.sh'), step.run!);
    const marker = join(workspace.root, 'injected');
    const env = Object.fromEntries(Object.keys(step.env ?? {}).map((name) => [name, '']));
    const result = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', join(workspace.root, 'github-step-2.sh')], {
      cwd: dir,
      env: { ...env, INPUT_SARIF_FILE: 'r.sarif', INPUT_SINCE: `main"; touch ${marker}; echo "`, INPUT_PATHS: '.', GITHUB_OUTPUT: join(workspace.root, 'github-output-2') },
    });
    expect(existsSync(marker)).toBe(false);
    expect(result.code).toBe(3);
  });
});

describe('GitLab template (ci/gitlab/rampart.gitlab-ci.yml) as examples/ci/gitlab-ci.yml includes it', () => {
  interface Job {
    image?: string;
    variables?: Record<string, string>;
    script?: string[];
    before_script?: string[];
    artifacts?: { reports?: { sast?: string; junit?: string } };
  }
  const template = yamlFile<Record<string, Job> & { variables: Record<string, string> }>('ci/gitlab/rampart.gitlab-ci.yml');
  const example = yamlFile<Record<string, Job> & { include: Array<{ remote: string }> }>('examples/ci/gitlab-ci.yml');

  it('the example includes this template, and the job image is pinned by digest', () => {
    expect(example.include.map((i) => i.remote.replace(/^.*\/v[\d.]+\//, ''))).toEqual(['ci/gitlab/rampart.gitlab-ci.yml']);
    expect(template.rampart!.image).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(template.rampart!.before_script!.join('\n')).toContain('npm ci');
  });

  it('runs the job\'s script in a merge-request pipeline: the gate fails and the SAST report GitLab reads is written', async () => {
    const { dir, base } = pullRequestClone('gitlab');
    // GitLab merges a job redefined next to an include into the included one, variables key by key.
    const variables = { ...template.variables, ...template.rampart!.variables, ...example.rampart!.variables };
    const predefined = { CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_DIFF_BASE_SHA: base };
    for (const line of template.rampart!.script!) {
      const result = await run('bash', ['-e', '-c', line], { cwd: dir, env: { ...variables, ...predefined } });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
    }
    const reports = template.rampart!.artifacts!.reports!;
    const sast = readJson<{ version: string; vulnerabilities: Array<{ identifiers: Array<{ value: string }> }> }>(join(dir, reports.sast!));
    const ids = sast.vulnerabilities.map((v) => v.identifiers[0]!.value);
    expect(ids).toContain('imported/semgrep-oss/javascript.browser.security.eval-detected.eval-detected');
    expect(ids.some((id) => id.startsWith('secret/'))).toBe(true);
    expect(readFileSync(join(dir, reports.junit!), 'utf8')).toContain('<testsuites');
    expect(readFileSync(join(dir, reports.sast!), 'utf8')).not.toContain(TOKEN);
  });

  it('outside a merge request (no diff base) the same script scans without history', async () => {
    const { dir } = pullRequestClone('gitlab-branch');
    const variables = { ...template.variables, ...template.rampart!.variables, RAMPART_FAIL_ON: 'never' };
    for (const line of template.rampart!.script!) {
      const result = await run('bash', ['-e', '-c', line], { cwd: dir, env: { ...variables, CI_PIPELINE_SOURCE: 'push' } });
      expect(result.code).toBe(0);
    }
  });
});

describe('Tekton Task (ci/tekton/rampart-task.yaml) as examples/ci/tekton-pipelinerun.yaml runs it', () => {
  interface Param {
    name: string;
    type?: string;
    default?: string | string[];
  }
  interface Step {
    image: string;
    workingDir: string;
    args: string[];
    env: Array<{ name: string; value: string }>;
    securityContext: Record<string, unknown>;
  }
  const task = yamlFile<{ kind: string; metadata: { name: string }; spec: { params: Param[]; steps: Step[] } }>('ci/tekton/rampart-task.yaml');
  const pipelineRun = yamlFile<{ spec: { pipelineSpec: { tasks: Array<{ taskRef: { name?: string }; params?: Array<{ name: string; value: string | string[] }> }> } } }>('examples/ci/tekton-pipelinerun.yaml');

  /** Tekton's substitution: `$(params.x)` in a string, `$(params.list[*])` as a whole argument expands to the list. */
  function substitute(args: string[], params: Record<string, string | string[]>, workspacePath: string): string[] {
    return args.flatMap((arg) => {
      const whole = /^\$\(params\.([\w-]+)\[\*\]\)$/.exec(arg);
      if (whole) return params[whole[1]!] as string[];
      return [arg.replace(/\$\(workspaces\.source\.path\)/g, workspacePath).replace(/\$\(params\.([\w-]+)\)/g, (_, name: string) => String(params[name]))];
    });
  }

  function paramsFor(given: Array<{ name: string; value: string | string[] }>): Record<string, string | string[]> {
    const params = Object.fromEntries(task.spec.params.map((p) => [p.name, p.default ?? '']));
    for (const { name, value } of given) {
      expect(params, `unknown param ${name}`).toHaveProperty(name);
      params[name] = value;
    }
    return params;
  }

  async function runTask(params: Record<string, string | string[]>, workspacePath: string): Promise<Run> {
    const [step] = task.spec.steps;
    // No `command`: the image's entrypoint, which is rampart.
    const args = substitute(step!.args, params, workspacePath);
    const env = Object.fromEntries(step!.env.filter((e) => e.name !== 'HOME').map((e) => [e.name, substitute([e.value], params, workspacePath)[0]!]));
    return run('rampart', args, { cwd: substitute([step!.workingDir], params, workspacePath)[0]!, env });
  }

  it('runs as a hardened, non-root, read-only step', () => {
    const [step] = task.spec.steps;
    expect(step!.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('passes `rampart scan` with zero findings, as does the example PipelineRun', async () => {
    const { code, report } = await scanJson(['ci/tekton/rampart-task.yaml', 'examples/ci/tekton-pipelinerun.yaml', '--skip-dependencies'], { cwd: repoRoot });
    expect(report.findings).toEqual([]);
    expect(report.errors.filter((e) => e.level !== 'warning')).toEqual([]);
    expect(code).toBe(0);
  });

  it('the example\'s parameters over the repository it clones: the hardened demo app passes the gate', async () => {
    const dir = mkdtempSync(join(workspace.root, 'tekton-'));
    cpSync(join(repoRoot, 'examples/demo-app-hardened'), join(dir, 'examples/demo-app-hardened'), { recursive: true });
    const call = pipelineRun.spec.pipelineSpec.tasks.find((t) => t.taskRef.name === task.metadata.name)!;
    const params = paramsFor(call.params ?? []);
    const result = await runTask(params, dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const file of ['rampart.sarif', 'rampart-junit.xml', 'rampart.json', 'rampart-summary.md']) expect(existsSync(join(dir, String(params['output-dir']), file))).toBe(true);
  });

  it('over a pull request with its SARIF log imported, the gate fails', async () => {
    const { dir, base } = pullRequestClone('tekton-pr');
    const params = paramsFor([{ name: 'since', value: base }, { name: 'import-sarif', value: 'semgrep.sarif' }]);
    const result = await runTask(params, dir);
    expect(result.code).toBe(1);
    const report = readJson<{ findings: Array<{ ruleId: string }> }>(join(dir, String(params['output-dir']), 'rampart.json'));
    expect(report.findings.some((f) => f.ruleId.startsWith('imported/'))).toBe(true);
    expect(report.findings.some((f) => f.ruleId.startsWith('secret/'))).toBe(true);
  });
});

describe('pre-commit hooks (.pre-commit-hooks.yaml) as examples/ci/pre-commit-config.yaml enables them', () => {
  interface Hook {
    id: string;
    entry: string;
    pass_filenames?: boolean;
    types_or?: string[];
    exclude?: string;
  }
  const hooks = yamlFile<Hook[]>('.pre-commit-hooks.yaml');
  const config = yamlFile<{ repos: Array<{ hooks: Array<{ id: string; args?: string[] }> }> }>('examples/ci/pre-commit-config.yaml');

  /** What identify calls the file, for the types these hooks filter on. */
  function fileTypes(file: string): string[] {
    const name = file.split('/').pop()!;
    if (/\.ya?ml$/.test(name)) return ['yaml'];
    if (/\.json$/.test(name)) return ['json'];
    if (name === 'Dockerfile' || /\.dockerfile$/i.test(name)) return ['dockerfile'];
    return ['text'];
  }

  /** pre-commit's command line: the entry split like a shell would, the configured args, then the matching staged files. */
  function commandLine(hook: Hook, args: string[], staged: string[]): string[] {
    const files = staged.filter((file) => (!hook.types_or || fileTypes(file).some((t) => hook.types_or!.includes(t))) && !(hook.exclude && new RegExp(hook.exclude).test(file)));
    return [...hook.entry.split(/\s+/), ...args, ...(hook.pass_filenames === false ? [] : files)];
  }

  async function commit(dir: string, files: Record<string, string>): Promise<Array<{ id: string; code: number }>> {
    const repo = new TestRepo(dir);
    for (const [path, content] of Object.entries(files)) repo.write(path, content);
    const staged = repo.git('diff', '--cached', '--name-only').split('\n').filter(Boolean);
    const results = [];
    for (const configured of config.repos.flatMap((r) => r.hooks)) {
      const hook = hooks.find((h) => h.id === configured.id)!;
      const [command, ...rest] = commandLine(hook, configured.args ?? [], staged);
      results.push({ id: hook.id, code: (await run(command!, rest, { cwd: dir })).code });
    }
    return results;
  }

  it('the example enables both hooks this repository publishes', () => {
    expect(config.repos.flatMap((r) => r.hooks.map((h) => h.id)).sort()).toEqual(hooks.map((h) => h.id).sort());
  });

  it('a commit staging a token and a privileged Pod is stopped by both hooks', async () => {
    const { dir } = pullRequestClone('pre-commit-bad');
    const results = await commit(dir, { 'deploy/db.yaml': BAD_POD.replace('name: web', 'name: db'), 'scripts/token.env': `TOKEN=${TOKEN}\n` });
    expect(results).toEqual([
      { id: 'rampart-secrets', code: 1 },
      { id: 'rampart-scan', code: 1 },
    ]);
  });

  it('a commit staging the hardened app and a Helm template passes both', async () => {
    const { dir } = pullRequestClone('pre-commit-good');
    const hardened = join(repoRoot, 'examples/demo-app-hardened');
    const files: Record<string, string> = {
      'app/Dockerfile': readFileSync(join(hardened, 'Dockerfile'), 'utf8'),
      'app/k8s/deployment.yaml': readFileSync(join(hardened, 'k8s/deployment.yaml'), 'utf8'),
      'app/k8s/namespace.yaml': readFileSync(join(hardened, 'k8s/namespace.yaml'), 'utf8'),
      // Not YAML until Helm renders it: the hook leaves templates to chart-aware scans.
      'chart/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
    };
    expect(await commit(dir, files)).toEqual([
      { id: 'rampart-secrets', code: 0 },
      { id: 'rampart-scan', code: 0 },
    ]);
  });
});
