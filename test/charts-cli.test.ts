import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, scanJson } from './helpers/cli.js';
import { findHelm as helm } from '../src/testing/render.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const CHART = 'test/fixtures/charts/agent';

const scratchDirs: string[] = [];
afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-charts-cli-'));
  scratchDirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('rampart scan on a Helm chart', () => {
  it('renders the chart and points findings at template lines', async () => {
    const { report } = await scanJson([CHART, '--helm', helm()], { cwd: repo });
    expect(report.errors).toEqual([]);
    const privileged = report.findings.find((f) => f.ruleId === 'k8s/pss-privileged')!;
    expect(privileged.location).toMatchObject({ file: `${CHART}/templates/daemonset.yaml`, startLine: 20 });
    expect(privileged.resource).toMatchObject({ kind: 'DaemonSet', name: 'release-agent' });
  });

  it('honours rampart:ignore comments written in templates, except under --strict', async () => {
    const { report } = await scanJson([CHART, '--helm', helm()], { cwd: repo });
    const host = report.findings.find((f) => f.ruleId === 'k8s/pss-host-namespaces')!;
    expect(host.location).toMatchObject({ file: `${CHART}/templates/daemonset.yaml`, startLine: 15 });
    expect(host.suppressed).toEqual({ kind: 'inline', reason: 'node agent reads host network stats' });
    const strict = await scanJson([CHART, '--helm', helm(), '--strict'], { cwd: repo });
    expect(strict.report.findings.find((f) => f.ruleId === 'k8s/pss-host-namespaces')!.suppressed).toBeUndefined();
  });

  it('does not report the namespace a chart leaves to helm install', async () => {
    const plain = await scanJson([CHART, '--helm', helm()], { cwd: repo });
    expect(plain.report.findings.filter((f) => f.ruleId === 'k8s/default-namespace')).toEqual([]);
  });

  it('says clearly when helm is missing, and exits 3', async () => {
    const { code, report } = await scanJson([CHART, '--helm', '/nonexistent/helm'], { cwd: repo });
    expect(code).toBe(3);
    expect(report.errors).toEqual([{ file: `${CHART}/Chart.yaml`, line: 1, message: expect.stringMatching(/helm binary "\/nonexistent\/helm" was not found/) }]);
  });
  it('does not render a chart holding a link out of it, since Helm would read through it', async () => {
    const outside = scratch({ 'secret.txt': 'kind: Secret\n' });
    const dir = scratch({
      'chart/Chart.yaml': 'apiVersion: v2\nname: leak\nversion: 0.1.0\n',
      'chart/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x}]}\n',
    });
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'chart/templates/leak.yaml'));
    const { code, report } = await scanJson(['chart', '--helm', helm(), '--skip-dependencies'], { cwd: dir });
    expect(code).toBe(3);
    expect(report.findings).toEqual([]);
    expect(report.errors).toEqual([
      { file: 'chart/templates/leak.yaml', message: 'symbolic link to a path outside the scanned root, not followed; Helm would read it, so the chart was not rendered' },
    ]);
  });
});

describe('rampart scan - on piped helm template output', () => {
  it('maps findings to the templates when the chart is in the working directory', async () => {
    const cwd = `${repo}test/fixtures/charts`;
    const output = execFileSync(helm(), ['template', 'demo', 'agent'], { cwd, encoding: 'utf8' });
    const { report } = await scanJson(['-'], { cwd, stdin: output });
    const privileged = report.findings.find((f) => f.ruleId === 'k8s/pss-privileged')!;
    expect(privileged.location).toMatchObject({ file: 'agent/templates/daemonset.yaml', startLine: 20 });
    expect(report.findings.find((f) => f.ruleId === 'k8s/pss-host-namespaces')!.suppressed?.kind).toBe('inline');
  });

  it('falls back to <stdin> locations when the chart is not at hand', async () => {
    const output = execFileSync(helm(), ['template', 'demo', `${repo}${CHART}`], { encoding: 'utf8' });
    const { report } = await scanJson(['-'], { cwd: repo, stdin: output });
    expect(report.findings.find((f) => f.ruleId === 'k8s/pss-privileged')!.location.file).toBe('<stdin>');
  });
});

describe('render limits', () => {
  it('stops a chart whose template outgrows --render-memory, and names the chart', async () => {
    const dir = scratch({
      'bomb/Chart.yaml': 'apiVersion: v2\nname: bomb\nversion: 0.1.0\n',
      // Doubles a 16-byte string 40 times: 16 TiB if nothing stopped it.
      'bomb/templates/configmap.yaml': [
        '{{- $s := "0123456789abcdef" }}',
        '{{- range until 40 }}{{- $s = print $s $s }}{{- end }}',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: bomb',
        'data:',
        '  size: {{ len $s | quote }}',
        '',
      ].join('\n'),
    });
    const { code, report } = await scanJson(['bomb', '--helm', helm(), '--render-memory', '256m'], { cwd: dir });
    expect(code).toBe(3);
    expect(report.errors).toEqual([
      { file: 'bomb/Chart.yaml', line: 1, message: 'cannot render Helm chart (the chart was not scanned): helm used more than 256.0 MiB of memory and was stopped' },
    ]);
  });

  it('refuses malformed limits', async () => {
    for (const args of [['--render-memory', 'lots'], ['--render-timeout', '90'], ['--render-timeout', '0s']]) {
      const run = await runCli(['scan', '.', ...args], { cwd: repo });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(args[0]);
    }
  });
});

describe('rampart scan on kustomizations', () => {
  const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - name: api\n          image: nginx:1.27\n';

  it('renders a Component only through the kustomization that includes it', async () => {
    const dir = scratch({
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': DEPLOYMENT,
      'overlay/kustomization.yaml': 'resources:\n  - ../base\ncomponents:\n  - ../components/privileged\n',
      'components/privileged/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: patch.yaml\n',
      'components/privileged/patch.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          securityContext:\n            privileged: true\n',
    });
    const { report } = await scanJson(['.'], { cwd: dir });
    expect(report.errors).toEqual([]);
    // Once through the overlay, located at the component's patch; neither the component nor its patch alone.
    const privileged = report.findings.filter((f) => f.ruleId === 'k8s/pss-privileged');
    expect(privileged.map((f) => f.location.file)).toEqual(['components/privileged/patch.yaml']);
  });

  it('fetches no remote resource without --allow-remote, and fails the gate', async () => {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(request.url ?? '');
      response.end('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fetched\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cm.yaml`;
      const dir = scratch({ 'app/kustomization.yaml': `resources:\n  - ${url}\n` });
      const offline = await scanJson(['app'], { cwd: dir });
      expect(offline.code).toBe(3);
      expect(offline.report.errors).toEqual([
        { file: 'app/kustomization.yaml', line: 2, message: expect.stringContaining(`references the remote "${url}", which is fetched only with --allow-remote`) },
      ]);
      expect(requests).toEqual([]);
      const rbac = await runCli(['rbac', 'who-can', 'get', 'pods', '-f', 'app'], { cwd: dir });
      expect(rbac.code).toBe(3);
      expect(requests).toEqual([]);

      const online = await scanJson(['app', '--allow-remote'], { cwd: dir });
      expect(online.report.errors).toEqual([]);
      expect(requests).toEqual(['/cm.yaml']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
