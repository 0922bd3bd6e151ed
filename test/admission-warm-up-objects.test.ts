import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WARM_UP_NAMESPACE, WARM_UP_OBJECTS } from '../src/services/admission/warm-up-objects.js';
import { describeKube, uniqueNamespace, type KubeEnv } from './helpers/kube-env.js';

/**
 * The webhook's warm-up objects are worth something only in the shape kube-apiserver gives real reviews (warm-up-objects.ts):
 * each is created here as a user would write it, with `?dryRun=All` so nothing is stored, and the answer (the object
 * after defaulting and admission, as the API server encodes it) must be the warm-up object, key order included.
 */
describeKube('the webhook warm-up objects against a real kube-apiserver', (env: KubeEnv) => {
  const namespace = uniqueNamespace('warm-up');
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-warm-up-objects-'));
    expect((await env.kubectl(['create', 'namespace', namespace])).code).toBe(0);
    // A Pod naming a ServiceAccount that does not exist is refused.
    for (const object of WARM_UP_OBJECTS) {
      const name = (object.metadata as { name: string }).name;
      expect((await env.kubectl(['-n', namespace, 'create', 'serviceaccount', name])).code).toBe(0);
    }
  });

  afterAll(async () => {
    await env.kubectl(['delete', 'namespace', namespace, '--wait=false']);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(WARM_UP_OBJECTS.map((object) => [`${String(object.kind)} ${(object.metadata as { name: string }).name}`, object] as const))('%s is what kube-apiserver sends', async (_name, object) => {
    const { uid: _uid, creationTimestamp: _created, generation: _generation, managedFields: _fields, ...metadata } = object.metadata as Record<string, unknown>;
    const submitted: Record<string, unknown> = { ...object, metadata: { ...metadata, namespace } };
    delete submitted.status;
    const file = join(dir, 'object.json');
    await writeFile(file, JSON.stringify(submitted));
    const path = object.kind === 'Pod' ? `/api/v1/namespaces/${namespace}/pods` : `/apis/apps/v1/namespaces/${namespace}/deployments`;
    const answer = await env.kubectl(['create', '--raw', `${path}?dryRun=All&fieldManager=kubectl-client-side-apply`, '-f', file]);
    expect(answer.code, answer.stderr).toBe(0);
    // What differs by request and changes no shape: the UID, the times, the field set, the namespace's name.
    const normalised = JSON.stringify(JSON.parse(answer.stdout), (key, value: unknown) => {
      if (key === 'namespace' && value === namespace) return WARM_UP_NAMESPACE;
      if (key === 'uid') return '00000000-0000-4000-8000-000000000000';
      if ((key === 'creationTimestamp' || key === 'time') && typeof value === 'string') return '2026-01-01T00:00:00Z';
      if (key === 'fieldsV1') return {};
      return value;
    });
    expect(normalised).toBe(JSON.stringify(object));
  });
});
