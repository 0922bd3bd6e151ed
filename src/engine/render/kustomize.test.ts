import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderKustomization } from './index.js';
import { byKind, renderOptions, RENDER_TESTDATA } from '../../testing/render.js';

const TESTDATA = RENDER_TESTDATA;
const OVERLAY = join(TESTDATA, 'kustomize/overlay');

const options = renderOptions;

const CONTAINERS = ['spec', 'template', 'spec', 'containers'];

describe('renderKustomization', () => {
  it('renders the overlay with prefixes, namespace, generator and patches applied', async () => {
    const { objects, errors } = await renderKustomization(OVERLAY, options());
    expect(errors).toEqual([]);
    expect(objects.map((o) => `${o.kind}/${o.namespace}/${o.name}`).sort()).toEqual([
      'ConfigMap/prod/prod-settings-hf678c7m2b',
      'Deployment/prod/prod-shop-api',
      'Service/prod/prod-shop-api',
    ]);
  });

  it('consumes the kustomization files, resources, components and patches', async () => {
    const { consumed } = await renderKustomization(OVERLAY, options());
    expect(consumed.map((f) => relative(join(TESTDATA, 'kustomize'), f)).sort()).toEqual([
      'base/deployment.yaml',
      'base/kustomization.yaml',
      'base/service.yaml',
      'components/readonly/kustomization.yaml',
      'components/readonly/readonly.yaml',
      'overlay/host-network.json.yaml',
      'overlay/kustomization.yml',
      'overlay/privileged-patch.yaml',
    ]);
  });

  it('maps fields back to the base document despite namePrefix and the reordering a patch causes', async () => {
    const deployment = byKind((await renderKustomization(OVERLAY, options())).objects, 'Deployment');
    // The strategic merge put `metrics` first in the output; `api` is the first container in the base.
    expect(deployment.raw).toMatchObject({ spec: { template: { spec: { containers: [{ name: 'metrics' }, { name: 'api' }] } } } });
    expect(deployment.locate([...CONTAINERS, 1, 'securityContext', 'allowPrivilegeEscalation'])).toEqual({
      location: { file: 'kustomize/base/deployment.yaml', startLine: 21, startColumn: 13, endLine: 21, endColumn: 44 },
      exact: true,
    });
    expect(deployment.locate([])).toMatchObject({ location: { file: 'kustomize/base/deployment.yaml', startLine: 1 }, exact: true });
    // Missing in every source: the nearest ancestor in the base.
    expect(deployment.locate([...CONTAINERS, 1, 'securityContext', 'runAsNonRoot'])).toMatchObject({
      location: { file: 'kustomize/base/deployment.yaml', startLine: 20 },
      exact: false,
    });
  });

  it('points fields a patch sets at the patch file', async () => {
    const deployment = byKind((await renderKustomization(OVERLAY, options())).objects, 'Deployment');
    expect(deployment.locate([...CONTAINERS, 0, 'securityContext', 'privileged'])).toEqual({
      location: { file: 'kustomize/overlay/privileged-patch.yaml', startLine: 11, startColumn: 13, endLine: 11, endColumn: 29 },
      exact: true,
    });
    expect(deployment.locate(['spec', 'template', 'spec', 'hostNetwork'])).toMatchObject({
      location: { file: 'kustomize/overlay/host-network.json.yaml', startLine: 3 },
      exact: true,
    });
    expect(deployment.locate([...CONTAINERS, 1, 'securityContext', 'readOnlyRootFilesystem'])).toMatchObject({
      location: { file: 'kustomize/components/readonly/readonly.yaml', startLine: 11 },
      exact: true,
    });
    // A field missing from the base but whose parent only a patch spells out: the patch's parent.
    expect(deployment.locate([...CONTAINERS, 0, 'securityContext', 'runAsNonRoot'])).toMatchObject({
      location: { file: 'kustomize/overlay/privileged-patch.yaml', startLine: 10 },
      exact: false,
    });
    // The container name only addresses the patch; it is defined in the base.
    expect(deployment.locate([...CONTAINERS, 0, 'name']).location).toMatchObject({ file: 'kustomize/base/deployment.yaml', startLine: 22 });
  });

  it('points transformed fields at the kustomization that transforms them', async () => {
    const { objects } = await renderKustomization(OVERLAY, options());
    const deployment = byKind(objects, 'Deployment');
    expect(deployment.locate([...CONTAINERS, 1, 'image']).location).toMatchObject({ file: 'kustomize/overlay/kustomization.yml', startLine: 10 });
    expect(deployment.locate([...CONTAINERS, 0, 'image']).location).toMatchObject({ file: 'kustomize/base/deployment.yaml', startLine: 23 });
    expect(byKind(objects, 'Service').locate(['metadata', 'namespace']).location).toMatchObject({
      file: 'kustomize/overlay/kustomization.yml',
      startLine: 3,
    });
    expect(byKind(objects, 'Service').locate(['spec', 'ports', 0, 'port']).location).toMatchObject({ file: 'kustomize/base/service.yaml', startLine: 9 });
    expect(byKind(objects, 'ConfigMap').locate(['data', 'LOG_LEVEL'])).toMatchObject({
      location: { file: 'kustomize/overlay/kustomization.yml', startLine: 13 },
      exact: false,
    });
  });

  describe('failures are scan errors, never silent skips', () => {
    const savedPath = process.env.PATH;
    afterEach(() => {
      process.env.PATH = savedPath;
    });

    it('says how to get kubectl when it is not on PATH', async () => {
      process.env.PATH = join(TESTDATA, 'no-such-dir');
      const result = await renderKustomization(OVERLAY, options());
      expect(result.objects).toEqual([]);
      expect(result.consumed).toContain(join(OVERLAY, 'kustomization.yml'));
      expect(result.errors).toEqual([
        {
          file: 'kustomize/overlay/kustomization.yml',
          line: 1,
          message:
            'cannot render kustomization: the kubectl binary was not found on PATH (install kubectl 1.14 or later, which includes kustomize); the kustomization was not scanned',
        },
      ]);
    });

    it('names a configured binary that does not exist', async () => {
      const { errors } = await renderKustomization(OVERLAY, options({ kubectlBinary: 'rampart-no-such-kubectl' }));
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toContain('the kubectl binary "rampart-no-such-kubectl" was not found');
    });

    it('reports kubectl errors without klog framing', async () => {
      const { errors, objects } = await renderKustomization(join(TESTDATA, 'kustomize/broken'), options());
      expect(objects).toEqual([]);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ file: 'kustomize/broken/kustomization.yaml', line: 1 });
      expect(errors[0]!.message).toMatch(/^cannot render kustomization \(the kustomization was not scanned\): accumulating resources.*missing\.yaml/);
      expect(errors[0]!.message).not.toMatch(/run\.go|command failed/);
    });
  });
});
