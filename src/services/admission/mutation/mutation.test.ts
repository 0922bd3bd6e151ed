import { readFileSync, readdirSync } from 'node:fs';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { defaultAdmissionConfig, type MutationConfig } from '../../../config/admission.js';
import { concatPatches, mutateObject, MutationConfigError, type MutationContext, type MutationResult } from './index.js';
import { applyPatch } from '../apply-patch.js';

function config(partial: Partial<MutationConfig>): MutationConfig {
  return { ...defaultAdmissionConfig().mutations, ...partial };
}

/**
 * Every case goes through here: the input stays as it was, the patch applied by an independent RFC 6902 applier gives
 * exactly the returned object, and a second run on the output changes nothing.
 */
function mutate(object: Record<string, unknown>, mutations: MutationConfig, context: MutationContext = {}): MutationResult {
  const before = structuredClone(object);
  const result = mutateObject(object, mutations, context);
  expect(object).toEqual(before);
  expect(applyPatch(object, result.patch)).toEqual(result.object);
  expect(JSON.parse(JSON.stringify(result.patch))).toEqual(result.patch);
  const again = mutateObject(result.object, mutations, context);
  expect(again.patch).toEqual([]);
  expect(again.object).toEqual(result.object);
  return result;
}

function podSpec(containers: unknown[] = [{ name: 'app', image: 'nginx:1.27' }]): Record<string, unknown> {
  return { containers };
}

function pod(spec: Record<string, unknown> = podSpec(), metadata: Record<string, unknown> = { name: 'p', namespace: 'shop' }): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

function deployment(spec: Record<string, unknown> = podSpec(), templateMetadata: Record<string, unknown> = { labels: { app: 'web' } }): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: templateMetadata, spec } },
  };
}

/** Every kind with a pod template, and where its pod spec sits. */
const WORKLOADS: Array<[string, (spec: Record<string, unknown>) => Record<string, unknown>, string]> = [
  ['Pod', (spec) => pod(spec), '/spec'],
  ...(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController'] as const).map(
    (kind): [string, (spec: Record<string, unknown>) => Record<string, unknown>, string] => [
      kind,
      (spec) => ({ apiVersion: 'apps/v1', kind, metadata: { name: 'w' }, spec: { template: { metadata: { labels: { app: 'w' } }, spec } } }),
      '/spec/template/spec',
    ],
  ),
  ['CronJob', (spec) => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec } } } } }), '/spec/jobTemplate/spec/template/spec'],
  ['PodTemplate', (spec) => ({ apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 't' }, template: { spec } }), '/template/spec'],
  ['Rollout (a custom resource with a pod template)', (spec) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r' }, spec: { template: { spec } } }), '/spec/template/spec'],
];

const MIRROR = { from: 'docker.io/library/nginx', to: 'registry.corp/mirror/nginx' };
const SIDECAR = {
  name: 'log-shipper',
  container: { image: 'docker.io/library/nginx:1.27', volumeMounts: [{ name: 'shipper-config', mountPath: '/etc/shipper' }] },
  selector: {},
  volumes: [{ name: 'shipper-config', configMap: { name: 'shipper' } }],
};

const EVERYTHING = config({
  registryMirrors: [MIRROR, { from: 'ghcr.io/acme/', to: 'registry.corp/ghcr/acme' }],
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'apps', effect: 'NoSchedule' }],
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  labels: { 'app.kubernetes.io/managed-by': 'rampart' },
  annotations: { 'rampart.io/mutated': 'true' },
  securityContext: {
    pod: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    container: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  },
  sidecars: [SIDECAR],
});

describe('mutateObject on every workload kind', () => {
  it.each(WORKLOADS)('%s: every mutation lands in the pod spec and reinvocation is a no-op', (_kind, make, specPointer) => {
    const result = mutate(make(podSpec()), EVERYTHING);
    const paths = result.patch.map((op) => op.path);
    expect(paths).toContain(`${specPointer}/containers/0/image`);
    expect(paths).toContain(`${specPointer}/tolerations`);
    expect(paths).toContain(`${specPointer}/nodeSelector`);
    expect(paths).toContain(`${specPointer}/securityContext`);
    expect(paths).toContain(`${specPointer}/containers/1`);
    expect(paths).toContain(`${specPointer}/volumes`);
    expect(paths).toContain('/metadata/labels');
    expect(result.skipped).toEqual([]);
  });

  it('labels and annotates the object and a workload\'s pod template, escaping keys as RFC 6901 says', () => {
    // `~` (escaped `~0`) cannot occur in a label or annotation key; `/` can, escaped `~1`.
    const result = mutate(deployment(), config({ labels: { 'app.kubernetes.io/name': 'web', tier: 'z' }, annotations: { 'rampart.io/mutated': 'yes' } }));
    expect(result.patch).toEqual([
      { op: 'add', path: '/metadata/labels', value: { 'app.kubernetes.io/name': 'web', tier: 'z' } },
      { op: 'add', path: '/metadata/annotations', value: { 'rampart.io/mutated': 'yes' } },
      { op: 'add', path: '/spec/template/metadata/labels/app.kubernetes.io~1name', value: 'web' },
      { op: 'add', path: '/spec/template/metadata/labels/tier', value: 'z' },
      { op: 'add', path: '/spec/template/metadata/annotations', value: { 'rampart.io/mutated': 'yes' } },
    ]);
  });

  it('labels a Pod once (its pod metadata is its own) and creates a missing template metadata whole', () => {
    expect(mutate(pod(), config({ labels: { team: 'a' } })).patch).toEqual([{ op: 'add', path: '/metadata/labels', value: { team: 'a' } }]);
    const bare = deployment(podSpec());
    delete (bare.spec as { template: Record<string, unknown> }).template.metadata;
    expect(mutate(bare, config({ labels: { team: 'a' } })).patch.at(-1)).toEqual({ op: 'add', path: '/spec/template/metadata', value: { labels: { team: 'a' } } });
  });

  it('adds keys that an object inherits from Object.prototype as plain members', () => {
    const result = mutate(pod(podSpec(), { name: 'p', labels: { app: 'x' } }), config({ labels: { constructor: 'a', tostring: 'b' } }));
    expect(result.patch).toEqual([
      { op: 'add', path: '/metadata/labels/constructor', value: 'a' },
      { op: 'add', path: '/metadata/labels/tostring', value: 'b' },
    ]);
  });

  it('labels the pod template of a CronJob\'s job template', () => {
    const [, make] = WORKLOADS.find(([kind]) => kind === 'CronJob')!;
    expect(mutate(make(podSpec()), config({ labels: { team: 'a' } })).patch).toEqual([
      { op: 'add', path: '/metadata/labels', value: { team: 'a' } },
      { op: 'add', path: '/spec/jobTemplate/spec/template/metadata', value: { labels: { team: 'a' } } },
    ]);
  });

  it('labels objects without a pod template too, and leaves them otherwise alone', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', labels: { team: 'mine' } }, spec: { ports: [{ port: 80 }] } };
    const result = mutate(service, config({ ...EVERYTHING, labels: { team: 'theirs', tier: 'web' } }));
    expect(result.patch).toEqual([
      { op: 'add', path: '/metadata/labels/tier', value: 'web' },
      { op: 'add', path: '/metadata/annotations', value: { 'rampart.io/mutated': 'true' } },
    ]);
    expect(result.skipped).toEqual([]);
  });

  it('gives an empty patch and an equal copy when nothing is configured', () => {
    const input = deployment();
    const result = mutate(input, defaultAdmissionConfig().mutations);
    expect(result.patch).toEqual([]);
    expect(result.object).toEqual(input);
    expect(result.object).not.toBe(input);
    expect((result.object as { spec: object }).spec).not.toBe(input.spec);
  });
});

describe('registry mirrors', () => {
  const images = (result: MutationResult): unknown[] => {
    const spec = (result.object as { spec: Record<string, Array<{ image: unknown }>> }).spec;
    return ['containers', 'initContainers', 'ephemeralContainers'].flatMap((group) => (spec[group] ?? []).map((c) => c.image));
  };

  it('rewrites every spelling Docker reads as the same image, keeping tag and digest, in every container list', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const result = mutate(
      pod({
        containers: [
          { name: 'a', image: 'nginx' },
          { name: 'b', image: 'nginx:1.27' },
          { name: 'c', image: `nginx@${digest}` },
          { name: 'd', image: `docker.io/nginx:1.27@${digest}` },
          { name: 'e', image: 'index.docker.io/library/nginx:1.27' },
          { name: 'f', image: 'library/nginx/extra:1' },
        ],
        initContainers: [{ name: 'i', image: 'nginx:1.26' }],
        ephemeralContainers: [{ name: 'x', image: 'nginx:debug' }],
      }),
      config({ registryMirrors: [MIRROR] }),
    );
    expect(images(result)).toEqual([
      'registry.corp/mirror/nginx',
      'registry.corp/mirror/nginx:1.27',
      `registry.corp/mirror/nginx@${digest}`,
      `registry.corp/mirror/nginx:1.27@${digest}`,
      'registry.corp/mirror/nginx:1.27',
      'registry.corp/mirror/nginx/extra:1',
      'registry.corp/mirror/nginx:1.26',
      'registry.corp/mirror/nginx:debug',
    ]);
    expect(result.patch.every((op) => op.op === 'replace')).toBe(true);
  });

  it('matches on whole path components only, and leaves other registries and unreadable images alone', () => {
    const untouched = ['nginx-ingress:1', 'docker.io/library/nginxx', 'docker.io/bitnami/nginx', 'ghcr.io/library/nginx', 'localhost:5000/nginx', '{{ .Values.image }}', ''];
    const result = mutate(pod(podSpec(untouched.map((image, i) => ({ name: `c${i}`, image })))), config({ registryMirrors: [MIRROR] }));
    expect(result.patch).toEqual([]);
  });

  it('applies the first mirror that matches, whole registries and literal namespaces included', () => {
    const result = mutate(
      pod(podSpec(['nginx:1', 'redis:7', 'docker.io/bitnami/redis:7', 'localhost:5000/team/app:1', 'ghcr.io/a/b:2', 'GHCR.IO/a/c'].map((image, i) => ({ name: `c${i}`, image })))),
      config({
        registryMirrors: [
          MIRROR,
          { from: 'docker.io/bitnami/', to: 'registry.corp/bitnami' },
          { from: 'docker.io', to: 'registry.corp/hub' },
          { from: 'localhost:5000/team', to: 'registry.corp/team' },
          { from: 'ghcr.io', to: 'registry.corp' },
        ],
      }),
    );
    expect(images(result)).toEqual([
      'registry.corp/mirror/nginx:1',
      'registry.corp/hub/library/redis:7',
      'registry.corp/bitnami/redis:7',
      'registry.corp/team/app:1',
      'registry.corp/a/b:2',
      'registry.corp/a/c',
    ]);
  });

  it('reports an image that is not a string and rewrites the rest', () => {
    const result = mutate(pod(podSpec([{ name: 'a', image: 42 }, { name: 'b', image: 'nginx' }])), config({ registryMirrors: [MIRROR] }));
    expect(result.skipped).toEqual([{ mutation: 'registryMirrors', path: '/spec/containers/0/image', reason: 'a number where an image reference belongs' }]);
    expect(images(result)).toEqual([42, 'registry.corp/mirror/nginx']);
  });
});

describe('tolerations', () => {
  const toleration = { key: 'dedicated', operator: 'Equal', value: 'apps', effect: 'NoSchedule' };

  it('adds the whole list when there is none, and appends otherwise', () => {
    expect(mutate(pod(), config({ tolerations: [toleration] })).patch).toEqual([{ op: 'add', path: '/spec/tolerations', value: [toleration] }]);
    const other = { key: 'gpu', operator: 'Exists' };
    expect(mutate(pod({ ...podSpec(), tolerations: [other] }), config({ tolerations: [toleration] })).patch).toEqual([{ op: 'add', path: '/spec/tolerations/1', value: toleration }]);
  });

  it('treats an unset operator as Equal and compares value, effect and tolerationSeconds', () => {
    const held = { key: 'dedicated', value: 'apps', effect: 'NoSchedule' };
    expect(mutate(pod({ ...podSpec(), tolerations: [held] }), config({ tolerations: [toleration] })).patch).toEqual([]);
    const timed = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 };
    const longer = { ...timed, tolerationSeconds: 300 };
    const patch = mutate(pod({ ...podSpec(), tolerations: [longer, { key: 'dedicated', value: 'web', effect: 'NoSchedule' }] }), config({ tolerations: [timed, toleration] })).patch;
    expect(patch).toEqual([
      { op: 'add', path: '/spec/tolerations/2', value: timed },
      { op: 'add', path: '/spec/tolerations/3', value: toleration },
    ]);
  });

  it('adds one of two equal configured tolerations', () => {
    expect(mutate(pod(), config({ tolerations: [toleration, { ...toleration }] })).patch).toEqual([{ op: 'add', path: '/spec/tolerations', value: [toleration] }]);
  });
});

describe('node selector', () => {
  it('sets absent keys and never overwrites a user\'s value', () => {
    const result = mutate(pod({ ...podSpec(), nodeSelector: { 'kubernetes.io/os': 'windows' } }), config({ nodeSelector: { 'kubernetes.io/os': 'linux', pool: 'apps' } }));
    expect(result.patch).toEqual([{ op: 'add', path: '/spec/nodeSelector/pool', value: 'apps' }]);
  });

  it('sets a null node selector whole, as Kubernetes reads null as unset', () => {
    expect(mutate(pod({ ...podSpec(), nodeSelector: null }), config({ nodeSelector: { pool: 'apps' } })).patch).toEqual([{ op: 'replace', path: '/spec/nodeSelector', value: { pool: 'apps' } }]);
  });
});

describe('security context defaults', () => {
  const defaults = config({
    securityContext: {
      pod: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' }, fsGroup: 2000 },
      container: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, runAsUser: 3000, seccompProfile: { type: 'RuntimeDefault' } },
    },
  });

  it('fills absent fields at both levels', () => {
    const result = mutate(pod({ containers: [{ name: 'a', image: 'nginx' }] }), defaults);
    expect(result.object).toMatchObject({
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' }, fsGroup: 2000 },
        containers: [{ securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } } }],
      },
    });
    // The pod now sets runAsUser and seccompProfile, so container values would only override them.
    expect((result.object as { spec: { containers: Array<{ securityContext: object }> } }).spec.containers[0]!.securityContext).not.toHaveProperty('runAsUser');
  });

  it('never overwrites what the user set, and takes nested objects whole or not at all', () => {
    const input = pod({
      securityContext: { runAsUser: 0, runAsNonRoot: false },
      containers: [{ name: 'a', image: 'nginx', securityContext: { allowPrivilegeEscalation: true, capabilities: { add: ['NET_ADMIN'] } } }],
    });
    const result = mutate(input, defaults);
    const spec = (result.object as { spec: { securityContext: object; containers: Array<{ securityContext: object }> } }).spec;
    expect(spec.securityContext).toEqual({ runAsUser: 0, runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' }, fsGroup: 2000 });
    expect(spec.containers[0]!.securityContext).toEqual({ allowPrivilegeEscalation: true, capabilities: { add: ['NET_ADMIN'] }, readOnlyRootFilesystem: true });
  });

  it('applies container defaults to init, ephemeral and injected sidecar containers', () => {
    const result = mutate(
      pod({ containers: [{ name: 'a', image: 'nginx' }], initContainers: [{ name: 'i', image: 'busybox' }], ephemeralContainers: [{ name: 'e', image: 'busybox' }] }),
      config({ securityContext: { container: { allowPrivilegeEscalation: false } }, sidecars: [SIDECAR] }),
    );
    const spec = (result.object as { spec: Record<string, Array<{ name: string; securityContext?: object }>> }).spec;
    for (const group of ['containers', 'initContainers', 'ephemeralContainers']) {
      for (const container of spec[group]!) expect(container.securityContext, `${group}/${container.name}`).toEqual({ allowPrivilegeEscalation: false });
    }
    expect(spec.containers!.map((c) => c.name)).toEqual(['a', 'log-shipper']);
  });

  it('leaves Linux fields off Windows pods and windowsOptions off Linux pods', () => {
    const both = config({ securityContext: { pod: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, windowsOptions: { runAsUserName: 'ContainerUser' } } } });
    const windows = mutate(pod({ ...podSpec(), os: { name: 'windows' } }), both);
    expect((windows.object as { spec: { securityContext: object } }).spec.securityContext).toEqual({ runAsNonRoot: true, windowsOptions: { runAsUserName: 'ContainerUser' } });
    const linux = mutate(pod({ ...podSpec(), os: { name: 'linux' } }), both);
    expect((linux.object as { spec: { securityContext: object } }).spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });
});

describe('sidecars', () => {
  it('injects the container with its name forced, and the volumes it needs', () => {
    const result = mutate(deployment(), config({ sidecars: [{ ...SIDECAR, container: { ...SIDECAR.container, name: 'something-else' } }] }));
    expect(result.patch).toEqual([
      { op: 'add', path: '/spec/template/spec/containers/1', value: { name: 'log-shipper', ...SIDECAR.container } },
      { op: 'add', path: '/spec/template/spec/volumes', value: SIDECAR.volumes },
    ]);
  });

  it('never injects twice, and respects a user\'s container of that name in any list', () => {
    const once = mutate(pod(), config({ sidecars: [SIDECAR] }));
    expect(mutateObject(mutateObject(once.object, config({ sidecars: [SIDECAR] })).object, config({ sidecars: [SIDECAR] })).patch).toEqual([]);
    for (const group of ['containers', 'initContainers']) {
      const spec = { ...podSpec(), [group]: [{ name: 'log-shipper', image: 'mine' }] };
      expect(mutate(pod(spec), config({ sidecars: [SIDECAR] })).patch, group).toEqual([]);
    }
  });

  it('puts a native sidecar (restartPolicy: Always) at the end of initContainers', () => {
    const native = { ...SIDECAR, container: { ...SIDECAR.container, restartPolicy: 'Always' } };
    const result = mutate(pod({ ...podSpec(), initContainers: [{ name: 'migrate', image: 'busybox' }] }), config({ sidecars: [native] }));
    expect(result.patch[0]).toEqual({ op: 'add', path: '/spec/initContainers/1', value: { name: 'log-shipper', ...native.container } });
  });

  it('selects by namespace labels or by pod labels, each matching every entry', () => {
    const selected = config({ sidecars: [{ ...SIDECAR, selector: { 'logs.corp/ship': 'true', tier: 'web' } }] });
    const injected = (object: Record<string, unknown>, context: MutationContext = {}): boolean => mutate(object, selected, context).patch.length > 0;
    expect(injected(pod(), { namespaceLabels: { 'logs.corp/ship': 'true', tier: 'web' } })).toBe(true);
    expect(injected(pod(podSpec(), { name: 'p', labels: { 'logs.corp/ship': 'true', tier: 'web' } }))).toBe(true);
    expect(injected(deployment(podSpec(), { labels: { 'logs.corp/ship': 'true', tier: 'web' } }))).toBe(true);
    expect(injected(pod(podSpec(), { name: 'p', labels: { tier: 'web' } }), { namespaceLabels: { 'logs.corp/ship': 'true' } })).toBe(false);
    expect(injected(pod(), { namespaceLabels: { 'logs.corp/ship': 'true', tier: 'db' } })).toBe(false);
    expect(injected(pod())).toBe(false);
  });

  it('sees the labels the label mutation adds, so a second run decides the same', () => {
    const result = mutate(deployment(), config({ labels: { 'logs.corp/ship': 'true' }, sidecars: [{ ...SIDECAR, selector: { 'logs.corp/ship': 'true' } }] }));
    expect(result.patch.map((op) => op.path)).toContain('/spec/template/spec/containers/1');
  });

  it('matches the namespace by name through kubernetes.io/metadata.name when its labels are unknown', () => {
    const byName = config({ sidecars: [{ ...SIDECAR, selector: { 'kubernetes.io/metadata.name': 'shop' } }] });
    expect(mutate(pod(), byName).patch).not.toEqual([]);
    expect(mutate(pod(podSpec(), { name: 'p' }), byName, { namespace: 'shop' }).patch).not.toEqual([]);
    expect(mutate(pod(podSpec(), { name: 'p' }), byName, { namespace: 'other' }).patch).toEqual([]);
  });

  it('adds only the volumes that are missing, and does not inject when a volume of that name differs', () => {
    const same = mutate(pod({ ...podSpec(), volumes: [{ name: 'data', emptyDir: {} }, SIDECAR.volumes[0]] }), config({ sidecars: [SIDECAR] }));
    expect(same.patch).toEqual([{ op: 'add', path: '/spec/containers/1', value: { name: 'log-shipper', ...SIDECAR.container } }]);
    const clash = mutate(pod({ ...podSpec(), volumes: [{ name: 'shipper-config', hostPath: { path: '/etc' } }] }), config({ sidecars: [SIDECAR] }));
    expect(clash.patch).toEqual([]);
    expect(clash.skipped).toEqual([{ mutation: 'sidecars', path: '/spec/volumes/0', reason: 'volume "shipper-config" differs from the one sidecar "log-shipper" needs: sidecar not injected' }]);
  });

  it('refuses a sidecar whose container is not a valid container object, with a typed error', () => {
    const bad = (container: unknown) => config({ sidecars: [{ ...SIDECAR, container: container as Record<string, unknown> }] });
    for (const container of [null, 'nginx', [], { image: 42 }, { command: 'sh -c x', image: 'nginx' }, { image: 'nginx', imagee: 'typo' }, {}]) {
      expect(() => mutateObject(pod(), bad(container)), JSON.stringify(container)).toThrow(MutationConfigError);
    }
  });
});

describe('malformed objects', () => {
  const cases: Array<[string, Record<string, unknown>, Array<{ mutation: string; path: string }>]> = [
    ['containers not a list', pod({ containers: 'nginx' }), [{ mutation: 'sidecars', path: '/spec/containers' }]],
    ['spec a string', { ...deployment(), spec: 'nonsense' }, ['registryMirrors', 'tolerations', 'nodeSelector', 'securityContext', 'sidecars'].map((mutation) => ({ mutation, path: '/spec' }))],
    ['null metadata', { ...pod(), metadata: null }, [{ mutation: 'labels', path: '/metadata/labels' }, { mutation: 'annotations', path: '/metadata/annotations' }]],
    ['labels a list', pod(podSpec(), { name: 'p', labels: ['a'] }), [{ mutation: 'labels', path: '/metadata/labels' }]],
    ['template metadata a string', deployment(podSpec(), 'x' as unknown as Record<string, unknown>), [{ mutation: 'labels', path: '/spec/template/metadata/labels' }, { mutation: 'annotations', path: '/spec/template/metadata/annotations' }]],
    ['tolerations an object', pod({ ...podSpec(), tolerations: { key: 'x' } }), [{ mutation: 'tolerations', path: '/spec/tolerations' }]],
    ['nodeSelector a string', pod({ ...podSpec(), nodeSelector: 'pool=apps' }), [{ mutation: 'nodeSelector', path: '/spec/nodeSelector' }]],
    ['securityContext a number', pod({ ...podSpec(), securityContext: 1 }), [{ mutation: 'securityContext', path: '/spec/securityContext' }]],
    ['a container securityContext a list', pod(podSpec([{ name: 'a', image: 'nginx', securityContext: [] }])), [{ mutation: 'securityContext', path: '/spec/containers/0/securityContext' }]],
    ['volumes a string', pod({ ...podSpec(), volumes: 'v' }), [{ mutation: 'sidecars', path: '/spec/volumes' }]],
    ['containers holding non-objects', pod(podSpec([null, 'x', 7])), []],
  ];
  it.each(cases)('%s: mutates what it can, reports what it skipped, never throws', (_name, object, skipped) => {
    const result = mutate(object, EVERYTHING);
    expect(result.skipped.map(({ mutation, path }) => ({ mutation, path }))).toEqual(skipped);
    for (const skip of result.skipped) expect(skip.reason).toMatch(/where an? (object|list) belongs|not an object|no pod spec/);
  });

  it('treats objects of odd kinds, or no kind, as plain objects', () => {
    for (const kind of [undefined, 42, 'constructor', 'toString', '__proto__', '']) {
      const result = mutate({ kind, metadata: {}, spec: {} }, EVERYTHING);
      expect(result.patch.map((op) => op.path), String(kind)).toEqual(['/metadata/labels', '/metadata/annotations']);
    }
  });
});

describe('the repository\'s example manifests', () => {
  const root = new URL('../../../../examples/', import.meta.url);
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f) && !f.endsWith('kustomization.yaml'));
  const objects = files.flatMap((file) =>
    yaml
      .loadAll(readFileSync(new URL(file, root), 'utf8'))
      .filter((doc): doc is Record<string, unknown> => typeof doc === 'object' && doc !== null)
      .map((doc): [string, Record<string, unknown>] => [`${file} ${String(doc.kind)}/${String((doc.metadata as { name?: string } | undefined)?.name)}`, doc]),
  );

  it('holds workloads to mutate', () => {
    expect(objects.filter(([, o]) => ['Deployment', 'StatefulSet'].includes(o.kind as string)).length).toBeGreaterThanOrEqual(4);
  });

  it.each(objects)('%s: every mutation together, each alone, all idempotent', (_name, object) => {
    const all = mutate(object, EVERYTHING);
    expect(all.skipped).toEqual([]);
    for (const key of Object.keys(EVERYTHING) as Array<keyof MutationConfig>) mutate(object, config({ [key]: EVERYTHING[key] }));
  });
});

describe('concatPatches', () => {
  it('joins the patches of sequential steps into one that an applier plays in order', () => {
    const first = mutate(deployment(), config({ labels: { a: 'b' } }));
    const second = mutate(first.object, config({ registryMirrors: [MIRROR] }));
    const joined = concatPatches(first.patch, second.patch);
    expect(joined).toHaveLength(first.patch.length + second.patch.length);
    expect(applyPatch(deployment(), joined)).toEqual(second.object);
  });
});
