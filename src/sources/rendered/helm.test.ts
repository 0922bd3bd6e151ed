import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderHelmChart, type RenderOptions } from './index.js';
import { byKind, renderOptions, RENDER_TESTDATA, findHelm } from '../../testing/render.js';

const TESTDATA = RENDER_TESTDATA;
const CHART = join(TESTDATA, 'chart/web');

const HELM = findHelm();

function options(overrides: Partial<RenderOptions> = {}): RenderOptions {
  return renderOptions({ releaseName: 'rel', namespace: 'team-a', helmBinary: HELM, ...overrides });
}

const CONTAINERS = ['spec', 'template', 'spec', 'containers'];

describe('renderHelmChart', () => {
  it('renders the chart and its subchart with the release name and namespace', async () => {
    const result = await renderHelmChart(CHART, options());
    expect(result.errors).toEqual([]);
    expect(result.objects.map((o) => `${o.kind}/${o.name}`).sort()).toEqual(['Deployment/rel-web', 'Pod/rel-cache', 'Service/rel-web']);
    const deployment = byKind(result.objects, 'Deployment');
    expect(deployment.namespace).toBe('team-a');
    expect(deployment.raw.metadata).toMatchObject({ labels: { 'app.kubernetes.io/instance': 'rel' } });
  });

  it('renders into the default namespace when none is given, whatever the kube context says', async () => {
    const { objects } = await renderHelmChart(CHART, options({ namespace: undefined, releaseName: 'other' }));
    expect(byKind(objects, 'Deployment')).toMatchObject({ name: 'other-web', namespace: 'default' });
  });

  it('consumes every file of the chart, subcharts included', async () => {
    const { consumed } = await renderHelmChart(CHART, options());
    expect(consumed.map((f) => relative(CHART, f)).sort()).toEqual([
      'Chart.yaml',
      'charts/cache/Chart.yaml',
      'charts/cache/templates/pod.yaml',
      'charts/cache/values.yaml',
      'templates/_helpers.tpl',
      'templates/deployment.yaml',
      'templates/service.yaml',
      'values.yaml',
    ]);
  });

  it('maps fields to template lines', async () => {
    const { objects } = await renderHelmChart(CHART, options());
    const deployment = byKind(objects, 'Deployment');
    expect(deployment.locate([])).toMatchObject({ location: { file: 'chart/web/templates/deployment.yaml', startLine: 2 }, exact: true });
    expect(deployment.locate([...CONTAINERS, 1, 'securityContext', 'runAsUser'])).toEqual({
      location: { file: 'chart/web/templates/deployment.yaml', startLine: 35, startColumn: 13, endLine: 35, endColumn: 25 },
      exact: true,
    });
    expect(deployment.locate([...CONTAINERS, 1, 'image']).location).toMatchObject({ startLine: 32, startColumn: 11 });
    // Missing field: the nearest ancestor the template spells out (the pod template's `spec:`).
    expect(deployment.locate(['spec', 'template', 'spec', 'hostPID'])).toMatchObject({ location: { startLine: 17, startColumn: 5 }, exact: false });

    const pod = byKind(objects, 'Pod');
    expect(pod.locate(['spec', 'hostNetwork'])).toMatchObject({
      location: { file: 'chart/web/charts/cache/templates/pod.yaml', startLine: 6, startColumn: 3 },
      exact: true,
    });
    expect(byKind(objects, 'Service').locate(['spec', 'ports', 0, 'port']).location).toMatchObject({
      file: 'chart/web/templates/service.yaml',
      startLine: 10,
      startColumn: 7,
    });
  });

  it('maps fields rendered by toYaml to their key in values.yaml', async () => {
    const { objects } = await renderHelmChart(CHART, options());
    const deployment = byKind(objects, 'Deployment');
    expect(deployment.locate([...CONTAINERS, 0, 'securityContext', 'privileged'])).toEqual({
      location: { file: 'chart/web/values.yaml', startLine: 12, startColumn: 3, endLine: 12, endColumn: 19 },
      exact: true,
    });
    expect(deployment.locate(['spec', 'template', 'spec', 'securityContext', 'runAsNonRoot']).location).toMatchObject({
      file: 'chart/web/values.yaml',
      startLine: 8,
    });
    // A key the values do not set stays on the template line that renders the block.
    expect(deployment.locate([...CONTAINERS, 0, 'securityContext', 'runAsNonRoot'])).toMatchObject({
      location: { file: 'chart/web/templates/deployment.yaml', startLine: 25 },
      exact: false,
    });
  });

  it('follows an aliased subchart to its directory, and parent values to the alias key', async () => {
    const { objects, errors } = await renderHelmChart(join(TESTDATA, 'chart/umbrella'), options());
    expect(errors).toEqual([]);
    const pod = byKind(objects, 'Pod');
    expect(pod.name).toBe('rel-store');
    expect(pod.locate(['spec', 'containers', 0, 'image']).location).toMatchObject({
      file: 'chart/umbrella/charts/cache-0.2.0/templates/pod.yaml',
      startLine: 10,
    });
    // The parent overrides the subchart: its `store:` block wins over the subchart's own values.yaml.
    expect(pod.locate(['spec', 'securityContext', 'runAsUser']).location).toMatchObject({ file: 'chart/umbrella/values.yaml', startLine: 3 });
    expect(pod.locate(['spec', 'securityContext', 'runAsNonRoot']).location).toMatchObject({
      file: 'chart/umbrella/charts/cache-0.2.0/values.yaml',
      startLine: 2,
    });
  });

  it('applies -f files and --set, and points at the -f file that sets a field', async () => {
    const { objects, errors, consumed } = await renderHelmChart(
      CHART,
      options({ valuesFiles: [join(TESTDATA, 'chart/values-prod.yaml')], setValues: ['replicaCount=5', 'sidecar.enabled=false'] }),
    );
    expect(errors).toEqual([]);
    expect(consumed).toContain(join(TESTDATA, 'chart/values-prod.yaml'));
    const deployment = byKind(objects, 'Deployment');
    expect(deployment.raw.spec).toMatchObject({ replicas: 5 });
    expect((deployment.raw.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers).toHaveLength(1);
    expect(deployment.locate([...CONTAINERS, 0, 'securityContext', 'privileged']).location).toMatchObject({
      file: 'chart/values-prod.yaml',
      startLine: 3,
    });
    // Not overridden by the -f file: still the chart's own values.yaml.
    expect(deployment.locate([...CONTAINERS, 0, 'securityContext', 'allowPrivilegeEscalation']).location).toMatchObject({
      file: 'chart/web/values.yaml',
      startLine: 11,
    });
  });

  describe('failures are scan errors, never silent skips', () => {
    const savedPath = process.env.PATH;
    afterEach(() => {
      process.env.PATH = savedPath;
    });

    it('says how to get helm when the binary is not on PATH', async () => {
      process.env.PATH = join(TESTDATA, 'no-such-dir');
      const result = await renderHelmChart(CHART, options({ helmBinary: 'helm' }));
      expect(result.objects).toEqual([]);
      expect(result.consumed.length).toBeGreaterThan(0);
      expect(result.errors).toEqual([
        {
          file: 'chart/web/Chart.yaml',
          line: 1,
          message:
            'cannot render Helm chart: the helm binary was not found on PATH (install Helm 3, or set RAMPART_HELM=/path/to/helm); the chart was not scanned',
        },
      ]);
    });

    it('names a configured binary that does not exist', async () => {
      const { errors } = await renderHelmChart(CHART, options({ helmBinary: 'rampart-no-such-helm' }));
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toContain('the helm binary "rampart-no-such-helm" was not found');
    });

    it('asks for helm dependency build when dependencies are missing', async () => {
      const { errors } = await renderHelmChart(join(TESTDATA, 'chart/missing-dep'), options());
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ file: 'chart/missing-dep/Chart.yaml', line: 1 });
      expect(errors[0]!.message).toContain('run "helm dependency build chart/missing-dep" first');
      expect(errors[0]!.message).toContain('are not installed (missing: redis)');
    });

    it('points a template error at the template and line helm names', async () => {
      const { errors, objects } = await renderHelmChart(join(TESTDATA, 'chart/broken'), options());
      expect(objects).toEqual([]);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ file: 'chart/broken/templates/configmap.yaml', line: 6 });
      expect(errors[0]!.message).toMatch(/^cannot render Helm chart \(the chart was not scanned\): .*noSuchFunction/);
      expect(errors[0]!.message).not.toContain('--debug');
    });

    it('reports a timeout', async () => {
      const { errors } = await renderHelmChart(CHART, options({ timeoutMs: 1 }));
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toContain('helm did not finish within');
    });
  });
});
