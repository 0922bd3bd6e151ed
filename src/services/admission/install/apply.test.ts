import { describe, expect, it } from 'vitest';
import type { ApiClient, ApiRequest } from '../../../sources/cluster/client.js';
import { ApiError } from '../../../sources/cluster/errors.js';
import { defaultAdmissionConfig } from '../../../config/admission.js';
import { applyManifests } from './apply.js';
import { buildInstall, installAdmission, WebhookNotReadyError, type InstallRequest } from './install.js';

/** Discovery answers for the groups the manifests use, and the existing objects; records every write. */
function fakeCluster(existing: Record<string, Record<string, unknown>> = {}): ApiClient & { writes: ApiRequest[] } {
  const discovery: Record<string, unknown> = {
    '/api/v1': { resources: [{ name: 'namespaces', kind: 'Namespace', namespaced: false, verbs: ['get', 'list', 'patch'] }, { name: 'services', kind: 'Service', namespaced: true, verbs: ['get', 'list', 'patch'] }] },
    '/apis/apiextensions.k8s.io/v1': { resources: [{ name: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false, verbs: ['get', 'list', 'patch'] }] },
  };
  const writes: ApiRequest[] = [];
  const get = async (path: string) => {
    const answer = discovery[path] ?? existing[path];
    if (!answer) throw new ApiError(404, 'NotFound', `${path} not found`);
    return answer;
  };
  return {
    writes,
    getJson: get,
    requestJson: async (request) => {
      if (request.method === 'GET') return get(request.path);
      writes.push(request);
      return {};
    },
  };
}

const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'policyreports.wgpolicyk8s.io', labels: { 'app.kubernetes.io/managed-by': 'rampart' } } };
const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'rampart-system' } };
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'rampart-admission', namespace: 'rampart-system' } };

describe('applyManifests', () => {
  it('server-side applies each object at its own path, in order, as field manager rampart', async () => {
    const client = fakeCluster();
    const applied = await applyManifests(client, [crd, namespace, service]);
    expect(applied.map((a) => a.action)).toEqual(['applied', 'applied', 'applied']);
    expect(client.writes.map((w) => `${w.method} ${w.path}`)).toEqual([
      'PATCH /apis/apiextensions.k8s.io/v1/customresourcedefinitions/policyreports.wgpolicyk8s.io',
      'PATCH /api/v1/namespaces/rampart-system',
      'PATCH /api/v1/namespaces/rampart-system/services/rampart-admission',
    ]);
    for (const write of client.writes) {
      expect(write).toMatchObject({ contentType: 'application/apply-patch+yaml', query: { fieldManager: 'rampart', force: 'true' } });
      expect(write.query).not.toHaveProperty('dryRun');
    }
    expect(JSON.parse(client.writes[2]!.body!)).toEqual(service);
  });

  it('asks for a server dry run when told to', async () => {
    const client = fakeCluster();
    await applyManifests(client, [namespace], { dryRun: true });
    expect(client.writes[0]!.query).toMatchObject({ dryRun: 'All' });
  });

  it('leaves alone a PolicyReport CRD another tool installed, and updates its own', async () => {
    const path = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/policyreports.wgpolicyk8s.io';
    const theirs = fakeCluster({ [path]: { metadata: { name: 'policyreports.wgpolicyk8s.io', labels: { 'app.kubernetes.io/managed-by': 'kyverno' } } } });
    expect(await applyManifests(theirs, [crd])).toEqual([{ kind: 'CustomResourceDefinition', name: 'policyreports.wgpolicyk8s.io', action: 'skipped' }]);
    expect(theirs.writes).toEqual([]);
    const ours = fakeCluster({ [path]: crd });
    expect((await applyManifests(ours, [crd]))[0]!.action).toBe('applied');
  });

  it('names a kind the cluster does not serve, with the way out for cert-manager', async () => {
    const issuer = { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'rampart-admission', namespace: 'rampart-system' } };
    await expect(applyManifests(fakeCluster(), [issuer])).rejects.toThrow('the cluster does not serve Issuer (cert-manager.io/v1): install cert-manager, or use --certificate self-signed');
  });
});

describe('installAdmission', () => {
  const request: InstallRequest = {
    namespace: 'rampart-system',
    image: `ghcr.io/rampart-dev/rampart:0.1.0@sha256:${'a'.repeat(64)}`,
    certificate: 'self-signed',
    mutate: true,
    failurePolicy: 'Fail',
    timeoutSeconds: 3,
    configText: '',
    admission: defaultAdmissionConfig(),
  };
  const deploymentPath = '/apis/apps/v1/namespaces/rampart-system/deployments/rampart-admission';

  /** Serves discovery for every kind the install ships, and the Deployment's status as `availableAfter` polls make it. */
  async function installCluster(availableAfter: number): Promise<ApiClient & { writes: ApiRequest[]; polls: number }> {
    const manifests = await buildInstall(request);
    const discovery = new Map<string, Array<Record<string, unknown>>>();
    for (const m of manifests) {
      const apiVersion = String(m.apiVersion);
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      const namespaced = typeof (m.metadata as Record<string, unknown>).namespace === 'string';
      discovery.set(path, [...(discovery.get(path) ?? []), { name: `${String(m.kind).toLowerCase()}s`, kind: m.kind, namespaced, verbs: ['get', 'list', 'patch'] }]);
    }
    const cluster = {
      writes: [] as ApiRequest[],
      polls: 0,
      getJson: async (path: string) => {
        const resources = discovery.get(path);
        if (resources) return { resources };
        if (path === deploymentPath) {
          cluster.polls++;
          return { status: { availableReplicas: cluster.polls > availableAfter ? 1 : 0 } };
        }
        throw new ApiError(404, 'NotFound', `${path} not found`);
      },
      requestJson: async (r: ApiRequest) => {
        if (r.method === 'GET') return cluster.getJson(r.path);
        cluster.writes.push(r);
        return {};
      },
    };
    return cluster;
  }

  it('registers the webhooks last, once a webhook pod is available', async () => {
    const cluster = await installCluster(2);
    let waiting = 0;
    const applied = await installAdmission(cluster, request, { pollMs: 1, onWaiting: () => waiting++ });
    expect(waiting).toBe(1);
    expect(cluster.polls).toBe(3);
    expect(applied.slice(-2).map((a) => a.kind)).toEqual(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);
    expect(cluster.writes.slice(-2).map((w) => w.path)).toEqual([
      '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/rampart-admission',
      '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/rampart-admission',
    ]);
  });

  it('registers no webhook when no pod becomes available, and says so', async () => {
    const cluster = await installCluster(Number.POSITIVE_INFINITY);
    await expect(installAdmission(cluster, request, { pollMs: 1, readyTimeoutMs: 20 })).rejects.toThrow(WebhookNotReadyError);
    expect(cluster.writes.some((w) => w.path.includes('webhookconfigurations'))).toBe(false);
    expect(cluster.writes.some((w) => w.path === deploymentPath)).toBe(true);
  });

  it('does not wait on a dry run, where no pod can start', async () => {
    const cluster = await installCluster(Number.POSITIVE_INFINITY);
    await installAdmission(cluster, request, { dryRun: true, readyTimeoutMs: 0 });
    expect(cluster.polls).toBe(0);
    expect(cluster.writes.every((w) => w.query?.dryRun === 'All')).toBe(true);
  });
});
