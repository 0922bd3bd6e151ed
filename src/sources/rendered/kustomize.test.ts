import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from './exec.js';
import { renderKustomization } from './index.js';
import { toolEnvironment } from './options.js';
import { byKind, renderOptions, RENDER_TESTDATA } from '../../testing/render.js';

const TESTDATA = RENDER_TESTDATA;
const OVERLAY = join(TESTDATA, 'kustomize/overlay');

const options = renderOptions;

const CONTAINERS = ['spec', 'template', 'spec', 'containers'];

const scratchDirs: string[] = [];
afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway directory holding the given files. */
function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-kustomize-'));
  scratchDirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

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

  describe('Kustomize Components', () => {
    const COMPONENT = join(TESTDATA, 'kustomize/components/readonly');

    it('renders a component only through the kustomizations that include it', async () => {
      const alone = await renderKustomization(COMPONENT, options());
      expect(alone).toEqual({
        objects: [],
        errors: [],
        consumed: [join(COMPONENT, 'kustomization.yaml'), join(COMPONENT, 'readonly.yaml')],
      });
    });

    it('leaves the resources of a component nobody includes to be scanned as plain manifests', async () => {
      const dir = scratch({
        'kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - extra.yaml\npatches:\n  - path: patch.yaml\n',
        'extra.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n',
        'patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n',
      });
      const { objects, errors, consumed } = await renderKustomization(dir, options());
      expect([objects, errors]).toEqual([[], []]);
      expect(consumed.map((file) => relative(dir, file)).sort()).toEqual(['kustomization.yaml', 'patch.yaml']);
    });
  });

  describe('remote references', () => {
    let server: Server;
    let url: string;
    const requests: string[] = [];

    beforeAll(async () => {
      server = createServer((request, response) => {
        requests.push(request.url ?? '');
        response.end('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fetched\n');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('fetches nothing and reports each remote reference at its line, unless remote access is allowed', async () => {
      const dir = scratch({
        'base/kustomization.yaml': `resources:\n  - local.yaml\n  - ${url}/base.yaml\n`,
        'base/local.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local\n',
        'overlay/kustomization.yaml': `resources:\n  - ../base\ncomponents:\n  - github.com/acme/kustomize-parts//readonly?ref=v1\n`,
      });
      const offline = await renderKustomization(join(dir, 'overlay'), options({ display: (path) => relative(dir, path) }));
      expect(requests).toEqual([]);
      expect(offline.objects).toEqual([]);
      const reason = (reference: string) =>
        `cannot render kustomization (the kustomization was not scanned): it references the remote "${reference}", which is fetched only with --allow-remote`;
      expect(offline.errors).toEqual([
        { file: 'base/kustomization.yaml', line: 3, message: reason(`${url}/base.yaml`) },
        { file: 'overlay/kustomization.yaml', line: 4, message: reason('github.com/acme/kustomize-parts//readonly?ref=v1') },
      ]);
      expect(offline.consumed).toContain(join(dir, 'base/local.yaml'));

      writeFileSync(join(dir, 'overlay/kustomization.yaml'), 'resources:\n  - ../base\n');
      const online = await renderKustomization(join(dir, 'overlay'), options({ allowRemote: true }));
      expect(online.errors).toEqual([]);
      expect(online.objects.map((o) => o.name).sort()).toEqual(['fetched', 'local']);
      expect(requests).toEqual(['/base.yaml']);
    });

    it('recognises the remote forms kustomize accepts, in every field that names a file', async () => {
      const dir = scratch({
        'kustomization.yaml': [
          'resources:',
          '  - git@github.com:acme/infra.git//base',
          '  - https://example.com/app.yaml',
          'bases:',
          '  - gitlab.com/acme/infra/base',
          'patches:',
          '  - path: file:///etc/patch.yaml',
          'configMapGenerator:',
          '  - name: settings',
          '    files:',
          '      - app.properties=https://example.com/app.properties',
          'transformers:',
          '  - example.org/acme/repo//transformers',
          '  - git::https://example.org/acme/repo',
          '',
        ].join('\n'),
      });
      const { errors } = await renderKustomization(dir, options({ display: (path) => relative(dir, path) }));
      expect(errors.map((error) => error.line)).toEqual([2, 3, 5, 7, 11, 13, 14]);
    });

    it('keeps kubectl off the network even for a remote reference the check would miss', async () => {
      const kustomize = async (reference: string) => {
        const dir = scratch({ 'kustomization.yaml': `resources:\n  - ${reference}\n` });
        const run = runTool({ tool: 'kubectl', binary: 'kubectl', args: ['kustomize', dir], timeoutMs: 30_000, env: toolEnvironment({}) });
        return run.then(() => 'rendered', (error: Error) => error.message);
      };
      // A routable address (loopback would bypass any proxy): the request goes to the refusing proxy, not out.
      expect(await kustomize('http://10.255.255.1/app.yaml')).toContain('proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection refused');
      // Remote bases are cloned by git, which may use no transport.
      expect(await kustomize('https://git.example.invalid/acme/infra//base?ref=v1')).toContain("transport 'https' not allowed");
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
