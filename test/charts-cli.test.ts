import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { scanJson } from './helpers/cli.js';
import { findHelm as helm } from '../src/testing/render.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const CHART = 'test/fixtures/charts/agent';


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
