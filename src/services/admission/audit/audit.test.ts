import { describe, expect, it } from 'vitest';
import { defaultAdmissionConfig } from '../../../config/admission.js';
import { LATEST_PSS_VERSION } from '../../../core/settings.js';
import { createEvaluator } from '../../../pipeline/evaluate.js';
import type { ApiClient, ApiRequest } from '../../../sources/cluster/client.js';
import { ApiError } from '../../../sources/cluster/errors.js';
import { runAudit } from './audit.js';

/**
 * The apiserver's list and apply answers for the paths the audit uses; anything else is a 404, as from a server that
 * does not serve the type. The real apiserver runs in test/admission-e2e.test.ts; this one fails on demand.
 */
function fakeCluster(lists: Record<string, Array<Record<string, unknown>> | ApiError>, failWrites = false): ApiClient & { applied: ApiRequest[] } {
  const applied: ApiRequest[] = [];
  const answer = (path: string) => {
    const list = lists[path];
    if (list instanceof ApiError) throw list;
    return { items: list ?? [], metadata: {} };
  };
  return {
    applied,
    getJson: async (path) => answer(path),
    requestJson: async (request) => {
      if (request.method === 'GET') return answer(request.path);
      if (failWrites) throw new ApiError(422, 'Invalid', 'the report does not validate');
      applied.push(request);
      return {};
    },
  };
}

const namespace = (name: string, labels: Record<string, string> = {}) => ({ metadata: { name, labels } });
const privilegedPod = (name: string, ns: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, namespace: ns, ...extra },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { privileged: true } }] },
});

const evaluate = createEvaluator({ settings: { pss: { level: 'restricted', version: LATEST_PSS_VERSION }, allowedRegistries: [] } });
const base = { evaluate, admission: defaultAdmissionConfig(), writeReports: true };

describe('runAudit', () => {
  it('judges what admission judges: kube-system and template copies are left out', async () => {
    const client = fakeCluster({
      '/api/v1/namespaces': [namespace('apps'), namespace('kube-system')],
      '/api/v1/pods': [
        privilegedPod('mine', 'apps'),
        privilegedPod('proxy', 'kube-system'),
        privilegedPod('web-7d9f-abc', 'apps', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f', controller: true }] }),
      ],
    });
    const result = await runAudit({ ...base, client });
    expect(result.errors).toEqual([]);
    expect(result.objects).toBe(2); // the apps Namespace and the pod "mine"
    expect(result.entries.every((e) => e.object.name === 'mine' || e.object.name === 'apps')).toBe(true);
    expect(result.entries.find((e) => e.finding.ruleId === 'k8s/pss-privileged')?.result).toBe('fail');
    expect(client.applied.map((r) => r.path)).toEqual(['/apis/wgpolicyk8s.io/v1alpha2/clusterpolicyreports/rampart', '/apis/wgpolicyk8s.io/v1alpha2/namespaces/apps/policyreports/rampart']);
    expect(client.applied[0]).toMatchObject({ method: 'PATCH', contentType: 'application/apply-patch+yaml', query: { fieldManager: 'rampart', force: 'true' } });
    expect(result.written).toBe(2);
  });

  it('goes on past a forbidden list (a warning) and a broken one (an error), and reports what it could read', async () => {
    const client = fakeCluster({
      '/api/v1/namespaces': [namespace('apps')],
      '/api/v1/pods': [privilegedPod('mine', 'apps')],
      '/api/v1/configmaps': new ApiError(403, 'Forbidden', 'configmaps is forbidden'),
      '/apis/apps/v1/deployments': new ApiError(500, 'InternalError', 'etcd timed out'),
    });
    const result = await runAudit({ ...base, client, writeReports: false });
    expect(result.errors).toEqual([
      { file: 'audit', message: 'cannot list configmaps: configmaps is forbidden', level: 'warning' },
      { file: 'audit', message: 'cannot list deployments.apps: etcd timed out', level: 'error' },
    ]);
    expect(result.entries.some((e) => e.object.name === 'mine')).toBe(true);
    expect(result.written).toBe(0);
    expect(client.applied).toEqual([]);
  });

  it('records a report the apiserver refuses as an error and still returns the results', async () => {
    const client = fakeCluster({ '/api/v1/namespaces': [namespace('apps')], '/api/v1/pods': [privilegedPod('mine', 'apps')] }, true);
    const result = await runAudit({ ...base, client });
    expect(result.written).toBe(0);
    expect(result.errors.map((e) => e.message)).toEqual([
      'cannot write ClusterPolicyReport rampart: the report does not validate',
      'cannot write PolicyReport apps/rampart: the report does not validate',
    ]);
  });

  it('reads only the namespaces asked for, one by one, and leaves the cluster report out', async () => {
    const client = fakeCluster({ '/api/v1/namespaces/apps/pods': [privilegedPod('mine', 'apps')] });
    const list = client.getJson;
    client.getJson = async (path, query) => {
      if (path === '/api/v1/namespaces/apps') return namespace('apps', { 'rampart.io/enforce': 'off' });
      if (path === '/api/v1/namespaces/gone') throw new ApiError(404, 'NotFound', 'namespaces "gone" not found');
      return list(path, query);
    };
    const result = await runAudit({ ...base, client, namespaces: ['apps', 'gone'], writeReports: false });
    expect(result.errors).toEqual([{ file: 'audit', message: 'cannot read namespace gone: namespaces "gone" not found' }]);
    expect(result.reports.map((r) => `${r.kind} ${r.metadata.namespace}`)).toEqual(['PolicyReport apps']);
    // The namespace turned enforcement off: what admission would deny is only a warning here.
    expect(result.entries.find((e) => e.finding.ruleId === 'k8s/pss-privileged')?.result).toBe('warn');
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const client = fakeCluster({ '/api/v1/namespaces': [namespace('apps')] });
    await expect(runAudit({ ...base, client, signal: controller.signal })).rejects.toThrow();
    expect(client.applied).toEqual([]);
  });
});
