import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PssLevel, RuleSettings } from '../src/core/settings.js';
import { parseYamlFile } from '../src/parsers/kubernetes/documents.js';
import { extractObjects } from '../src/parsers/kubernetes/objects.js';
import { runKubernetesRules } from '../src/pipeline/kubernetes.js';
import { selectRules } from '../src/pipeline/rule-selection.js';
import { exportPolicies, type PolicyExport } from '../src/services/policy-export/index.js';
import { describeKube, uniqueNamespace, type KubeEnv } from './helpers/kube-env.js';

/**
 * The exported policies in a real kube-apiserver, object by object against `rampart scan`'s own verdicts: every
 * fixture is created (dry run) where the policies only warn, and the warnings must name exactly the rules Rampart
 * reports on the object the API server admitted (after its defaulting and mutating admission), with the same
 * messages. Then each rule denies on its own, in a namespace only its binding selects: every object Rampart fails for
 * the rule is denied with the rule's ID and message, and the compliant object is admitted.
 */

type Json = Record<string, unknown>;
type Spec = Json & { securityContext: Json; containers: Json[] };

const TEST_LABEL = 'rampart-policy-export-test';
const RUN = Math.random().toString(36).slice(2, 8);

/** A pod spec every exported rule passes at restricted, latest. */
function compliantSpec(): Spec {
  return {
    automountServiceAccountToken: false,
    serviceAccountName: 'app',
    securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'app',
        image: `registry.example/app:1.0@sha256:${'a'.repeat(64)}`,
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
        livenessProbe: { httpGet: { path: '/livez', port: 8080 } },
        readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
      },
    ],
  };
}

const app = (spec: Spec): Json => spec.containers[0]!;
const appSecurity = (spec: Spec): Json => app(spec).securityContext as Json;

/** Each a change to the compliant spec, named after what it breaks; with a kind when the fixture needs one. */
const POD_FIXTURES: Array<[string, (spec: Spec, meta: Json) => void, Kind?]> = [
  ['compliant', () => undefined],
  ['windows host process', (s) => Object.assign(s, { hostNetwork: true, securityContext: { ...s.securityContext, windowsOptions: { hostProcess: true } } })],
  ['host PID and IPC', (s) => Object.assign(s, { hostPID: true, hostIPC: true })],
  ['host network', (s) => Object.assign(s, { hostNetwork: true })],
  ['privileged', (s) => Object.assign(appSecurity(s), { privileged: true, allowPrivilegeEscalation: undefined })],
  ['capability outside the baseline set', (s) => Object.assign(appSecurity(s), { capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'NET_BIND_SERVICE'] } })],
  ['capability beyond NET_BIND_SERVICE', (s) => Object.assign(appSecurity(s), { capabilities: { drop: ['ALL'], add: ['CHOWN'] } })],
  ['capabilities not dropped', (s) => Object.assign(appSecurity(s), { capabilities: { drop: ['NET_RAW'] } })],
  ['hostPath volume', (s) => Object.assign(s, { volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] })],
  ['nfs volume', (s) => Object.assign(s, { volumes: [{ name: 'share', nfs: { server: 'nfs.example', path: '/export' } }, { name: 'tmp', emptyDir: {} }] })],
  ['host port', (s) => Object.assign(app(s), { ports: [{ containerPort: 8080, hostPort: 8080 }] })],
  ['probe on another host', (s) => Object.assign(app(s), { livenessProbe: { httpGet: { path: '/livez', port: 8080, host: '169.254.169.254' } }, lifecycle: { preStop: { tcpSocket: { port: 9, host: '10.0.0.1' } } } })],
  ['AppArmor unconfined', (s) => {
    s.securityContext.appArmorProfile = { type: 'Unconfined' };
    appSecurity(s).appArmorProfile = { type: 'Unconfined' };
  }],
  ['SELinux type, user and role', (s) => {
    s.securityContext.seLinuxOptions = { type: 'spc_t' };
    appSecurity(s).seLinuxOptions = { user: 'system_u', role: 'system_r', type: 'container_engine_t' };
  }],
  ['unmasked /proc in a user namespace', (s) => {
    s.hostUsers = false;
    appSecurity(s).procMount = 'Unmasked';
  }],
  ['seccomp unconfined', (s) => {
    s.securityContext.seccompProfile = { type: 'Unconfined' };
    appSecurity(s).seccompProfile = { type: 'Unconfined' };
  }],
  ['seccomp unset', (s) => {
    delete s.securityContext.seccompProfile;
  }],
  ['unsafe sysctl', (s) => Object.assign(s.securityContext, { sysctls: [{ name: 'kernel.msgmax', value: '65536' }, { name: 'net.ipv4.tcp_keepalive_time', value: '60' }] })],
  ['privilege escalation', (s) => Object.assign(appSecurity(s), { allowPrivilegeEscalation: true })],
  ['runAsNonRoot false', (s) => Object.assign(s.securityContext, { runAsNonRoot: false })],
  ['runAsNonRoot unset', (s) => {
    delete s.securityContext.runAsNonRoot;
  }],
  ['root user', (s) => Object.assign(appSecurity(s), { runAsUser: 0 })],
  ['low UID and GID', (s) => {
    Object.assign(s.securityContext, { runAsUser: 1000, runAsGroup: 1000 });
    s.containers.push({ ...structuredClone(app(s)), name: 'sidecar', securityContext: { ...structuredClone(appSecurity(s)), runAsGroup: 5 } });
  }],
  ['Windows pod', (s) => {
    s.os = { name: 'windows' };
    s.securityContext = { runAsNonRoot: true };
    delete app(s).securityContext;
  }],
  ['init container', (s) => {
    s.initContainers = [{ name: 'init', image: 'registry.example/init:1.0', securityContext: { allowPrivilegeEscalation: true, runAsNonRoot: false } }];
  }],
  ['writable root filesystem', (s) => Object.assign(appSecurity(s), { readOnlyRootFilesystem: false })],
  ['root filesystem unset', (s) => {
    delete appSecurity(s).readOnlyRootFilesystem;
  }],
  ['token automounted', (s) => Object.assign(s, { automountServiceAccountToken: true })],
  ['automount unset, default service account', (s) => {
    delete s.automountServiceAccountToken;
    delete s.serviceAccountName;
  }],
  ['default service account named', (s) => Object.assign(s, { serviceAccountName: 'default' })],
  ['shared process namespace', (s) => Object.assign(s, { shareProcessNamespace: true })],
  ['host aliases', (s) => Object.assign(s, { hostAliases: [{ ip: '10.1.2.3', hostnames: ['db', 'db.local'] }, { ip: '10.1.2.4', hostnames: ['cache'] }] })],
  ['no probes', (s) => {
    delete app(s).livenessProbe;
    delete app(s).readinessProbe;
  }, 'StatefulSet'],
  ['no probes, run to completion', (s) => {
    delete app(s).livenessProbe;
    delete app(s).readinessProbe;
  }, 'Job'],
  ['no requests, zero limit', (s) => Object.assign(app(s), { resources: { limits: { cpu: '0', memory: '128Mi' } } })],
  ['no resources', (s) => {
    delete app(s).resources;
  }],
  ['image tagged, not pinned', (s) => Object.assign(app(s), { image: 'registry.example:5000/team/app:1.0' })],
  ['latest image pulled if not present', (s) => Object.assign(app(s), { image: 'registry.example/app:latest', imagePullPolicy: 'IfNotPresent' })],
  ['untagged images', (s) => {
    Object.assign(app(s), { image: 'nginx', imagePullPolicy: 'Never' });
    s.initContainers = [{ name: 'init', image: 'localhost/tools', securityContext: structuredClone(appSecurity(s)) }];
  }],
  ['seccomp annotations', (s, meta) => {
    // The API requires an annotation and a field to agree.
    delete s.securityContext.seccompProfile;
    meta.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined', 'container.seccomp.security.alpha.kubernetes.io/app': 'runtime/default' };
  }, 'Deployment'],
  ['AppArmor annotation', (_s, meta) => {
    meta.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };
  }],
];

const KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController', 'PodTemplate'] as const;
type Kind = (typeof KINDS)[number];

/** The pod spec in the shape of `kind`, as the API requires it (selectors, run-to-completion restart policies). */
function workload(kind: Kind, name: string, spec: Spec, podMeta: Json): Json {
  const labels = { app: name };
  const template = (restartPolicy?: string) => ({ metadata: { ...podMeta, labels }, spec: restartPolicy ? { ...spec, restartPolicy } : spec });
  const selector = { matchLabels: labels };
  switch (kind) {
    case 'Pod':
      return { apiVersion: 'v1', kind, metadata: { ...podMeta, name }, spec };
    case 'PodTemplate':
      return { apiVersion: 'v1', kind, metadata: { name }, template: template() };
    case 'ReplicationController':
      return { apiVersion: 'v1', kind, metadata: { name }, spec: { selector: labels, template: template() } };
    case 'Job':
      return { apiVersion: 'batch/v1', kind, metadata: { name }, spec: { template: template('Never') } };
    case 'CronJob':
      return { apiVersion: 'batch/v1', kind, metadata: { name }, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: template('OnFailure') } } } };
    default:
      return { apiVersion: 'apps/v1', kind, metadata: { name }, spec: { selector, template: template() } };
  }
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
}

/** Every pod fixture as one kind (in turn), the compliant spec as every kind, and the non-pod objects. */
function fixtures(): Array<{ label: string; object: Json }> {
  const list: Array<{ label: string; object: Json }> = [];
  POD_FIXTURES.forEach(([label, change, kind], index) => {
    const kinds = label === 'compliant' ? KINDS : [kind ?? KINDS[index % KINDS.length]!];
    for (const each of kinds) {
      const spec = compliantSpec();
      const meta: Json = {};
      change(spec, meta);
      list.push({ label: `${label} (${each})`, object: workload(each, `${slug(label)}-${each.toLowerCase()}`, JSON.parse(JSON.stringify(spec)) as Spec, meta) });
    }
  });
  const ingress = (name: string, annotations: Record<string, string>, tls: Json[] | undefined, hosts: string[]): Json => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, annotations },
    spec: {
      ...(tls ? { tls } : {}),
      rules: hosts.map((host) => ({
        ...(host ? { host } : {}),
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] },
      })),
    },
  });
  const service = (name: string, spec: Json): Json => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }], ...spec } });
  list.push(
    { label: 'ClusterIP Service', object: service('plain', {}) },
    { label: 'NodePort Service', object: service('node-port', { type: 'NodePort' }) },
    { label: 'Service with externalIPs', object: service('external', { externalIPs: ['203.0.113.7', '203.0.113.8'] }) },
    { label: 'public LoadBalancer', object: service('lb-public', { type: 'LoadBalancer' }) },
    { label: 'LoadBalancer open to any range', object: service('lb-ranges', { type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8', '0.0.0.0/0'] }) },
    { label: 'internal LoadBalancer', object: { ...service('lb-internal', { type: 'LoadBalancer' }), metadata: { name: 'lb-internal', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'True' } } } },
    {
      label: 'LoadBalancer open by annotation',
      object: { ...service('lb-annotated', { type: 'LoadBalancer' }), metadata: { name: 'lb-annotated', annotations: { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8, 0.0.0.0/0' } } },
    },
    {
      label: 'LoadBalancer closed by annotation',
      object: { ...service('lb-closed', { type: 'LoadBalancer' }), metadata: { name: 'lb-closed', annotations: { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8' } } },
    },
    { label: 'Ingress without TLS', object: ingress('plain', {}, undefined, ['shop.example.com']) },
    { label: 'Ingress with partial TLS', object: ingress('partial', {}, [{ hosts: ['*.example.com'], secretName: 'tls' }], ['a.example.com', 'b.c.example.com', 'shop.test', '']) },
    { label: 'Ingress with controller TLS', object: ingress('alb', { 'alb.ingress.kubernetes.io/certificate-arn': 'arn:aws:acm:cert' }, undefined, ['shop.example.com']) },
    { label: 'default ServiceAccount', object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } } },
    { label: 'default ServiceAccount automounting', object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' }, automountServiceAccountToken: true } },
    { label: 'default ServiceAccount opted out', object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' }, automountServiceAccountToken: false } },
  );
  return list;
}

/** Rule ID to its messages joined, as `rampart scan` reports them on `object`, for the exported rules only. */
function rampartVerdicts(object: Json, settings: RuleSettings, exported: ReadonlySet<string>): Record<string, string> {
  const rules = selectRules({}, settings).kubernetes;
  const { hits, errors } = runKubernetesRules(extractObjects(parseYamlFile('object.json', JSON.stringify(object))), rules, settings);
  expect(errors).toEqual([]);
  const byRule: Record<string, string[]> = {};
  for (const hit of hits) if (exported.has(hit.meta.id)) (byRule[hit.meta.id] ??= []).push(hit.message);
  return Object.fromEntries(Object.entries(byRule).map(([id, messages]) => [id, messages.join('; ')]));
}

const WARNING = /^Warning: Validation failed for ValidatingAdmissionPolicy '([^']+)' with binding '[^']+': (.*)$/;
const DENIAL = /ValidatingAdmissionPolicy '([^']+)' with binding '[^']+' denied request: (.*)$/m;

/** The bare message of an exported validation: `<rule ID> (<severity>): <messages>`. */
function splitMessage(text: string): { ruleId: string; messages: string } {
  const match = /^(\S+) \([a-z]+\): (.*)$/.exec(text);
  if (!match) throw new Error(`not an exported rule's message: ${text}`);
  return { ruleId: match[1]!, messages: match[2]! };
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

describeKube('rampart policy export: the policies in a real API server', (env: KubeEnv) => {
  const created: string[] = [];
  const kubectl = async (args: string[], input?: string) => env.kubectl(args, input === undefined ? {} : { input });

  async function namespaceWith(prefix: string, labels: Record<string, string>): Promise<string> {
    const name = uniqueNamespace(prefix);
    const objects = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { ...labels, [TEST_LABEL]: RUN } } },
      // No controller manager runs: the service account the Pod fixtures name is created by hand. Not `default`, which
      // the ServiceAccount fixtures create (no Pod fixture runs as `default`: it would not be admitted).
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: name } },
    ];
    const result = await kubectl(['apply', '-f', '-'], objects.map((o) => JSON.stringify(o)).join('\n'));
    expect(result.code, result.stderr).toBe(0);
    created.push(name);
    return name;
  }

  /** Applies the policies (names suffixed, so installs never overlap) with the bindings `bind` makes for each. */
  async function install(result: PolicyExport, suffix: string, bind: (policy: string) => Json[]): Promise<Map<string, string>> {
    const ruleOf = new Map<string, string>();
    const documents: Json[] = [];
    for (const entry of result.exported) {
      const policy = result.documents.find((d) => d.kind === 'ValidatingAdmissionPolicy' && (d.metadata as Json).name === entry.policy)!;
      const name = `${entry.policy}-${suffix}`;
      const metadata = policy.metadata as Json;
      documents.push({ ...policy, metadata: { ...metadata, name, labels: { ...(metadata.labels as Json), [TEST_LABEL]: RUN } } }, ...bind(name));
      ruleOf.set(name, entry.ruleId);
    }
    const applied = await kubectl(['apply', '-f', '-'], documents.map((d) => JSON.stringify(d)).join('\n'));
    // A policy whose CEL does not compile is refused here.
    expect(applied.code, applied.stderr).toBe(0);
    return ruleOf;
  }

  const bindingFor = (policy: string, name: string, action: string, labels: Record<string, string>): Json => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name, labels: { [TEST_LABEL]: RUN } },
    spec: { policyName: policy, validationActions: [action], matchResources: { namespaceSelector: { matchLabels: labels } } },
  });

  const dryRun = (object: Json, namespace: string) => kubectl(['create', '--dry-run=server', '-o', 'json', '-n', namespace, '-f', '-'], JSON.stringify(object));

  /** Creates every fixture where the policies warn; returns what Rampart and the API server said, fixture by fixture. */
  async function compare(namespace: string, settings: RuleSettings, ruleOf: Map<string, string>, exported: ReadonlySet<string>) {
    return inBatches(fixtures(), 4, async ({ label, object }) => {
      const result = await dryRun(object, namespace);
      expect(result.code, `${label}: ${result.stderr}`).toBe(0);
      const admitted = JSON.parse(result.stdout) as Json;
      const warned: Record<string, string> = {};
      for (const line of result.stderr.split('\n')) {
        const match = WARNING.exec(line);
        if (!match) continue;
        const { ruleId, messages } = splitMessage(match[2]!);
        expect(ruleId, line).toBe(ruleOf.get(match[1]!));
        warned[ruleId] = messages;
      }
      return { label, object, admitted, warned, expected: rampartVerdicts(admitted, settings, exported) };
    });
  }

  /** Policies take effect when the API server's informers see them: wait until a fixture that fails every rule is judged. */
  /**
   * From v1.35 the baseline /proc check exempts pods with `hostUsers: false`, and the API accepts an Unmasked /proc
   * only on those: no object the API server admits fails it.
   */
  const neverFailing = (minor: number): string[] => (minor >= 35 ? ['k8s/pss-proc-mount'] : []);

  async function untilActive<T extends { warned: Record<string, string> }>(run: () => Promise<T[]>, exported: ReadonlySet<string>, minor: number): Promise<T[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const results = await run();
      const seen = new Set(results.flatMap((r) => Object.keys(r.warned)));
      if (Date.now() > deadline) return results;
      if ([...exported].every((id) => seen.has(id) || neverFailing(minor).includes(id))) {
        // The apiserver activates bindings one by one: a binding that became active while this pass ran judged only
        // the objects after that moment. One more pass, with every binding known active, compares all objects.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return run();
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  afterAll(async () => {
    await kubectl(['delete', 'validatingadmissionpolicybindings,validatingadmissionpolicies', '-l', `${TEST_LABEL}=${RUN}`, '--ignore-not-found']);
    if (created.length > 0) await kubectl(['delete', 'namespace', ...created, '--ignore-not-found', '--wait=false']);
  });

  const SETTINGS: Array<[PssLevel, number]> = [
    ['restricted', 99],
    ['baseline', 99],
    ['restricted', 24],
    ['baseline', 18],
  ];

  it.each(SETTINGS)('warns on exactly what rampart scan reports, message for message, at %s v1.%i', async (level, minor) => {
    const settings: RuleSettings = { pss: { level, version: { major: 1, minor } }, allowedRegistries: [] };
    const result = exportPolicies({ settings });
    const exported = new Set(result.exported.map((e) => e.ruleId));
    const suffix = `${level.slice(0, 1)}${minor}-${RUN}`;
    const namespace = await namespaceWith(`export-warn-${level}`, { 'rampart-export-warn': suffix });
    const ruleOf = await install(result, suffix, (policy) => [bindingFor(policy, policy, 'Warn', { 'rampart-export-warn': suffix })]);
    const results = await untilActive(() => compare(namespace, settings, ruleOf, exported), exported, minor);
    for (const { label, warned, expected } of results) expect(warned, label).toEqual(expected);
    // Every exported rule met an object it fails, so none is checked only for staying quiet.
    const failed = new Set(results.flatMap((r) => Object.keys(r.expected)));
    expect([...exported].filter((id) => !failed.has(id))).toEqual(neverFailing(minor));
  }, 240_000);

  it('judges an update only when it changes the pod template, so objects admitted before the policy can still be managed', async () => {
    const exportAll = exportPolicies({ settings: { pss: { level: 'baseline', version: { major: 1, minor: 99 } } }, actions: ['Deny'] });
    const privileged = { ...exportAll, exported: exportAll.exported.filter((e) => e.ruleId === 'k8s/pss-privileged') };
    const suffix = `update-${RUN}`;
    const namespace = await namespaceWith('export-update', {});
    const deployment = (name: string) =>
      JSON.stringify(workload('Deployment', name, { containers: [{ name: 'app', image: 'registry.example/app:1.0', securityContext: { privileged: true } }] } as unknown as Spec, {}));
    // Admitted while no binding selects the namespace.
    const before = await kubectl(['create', '-n', namespace, '-f', '-'], deployment('web'));
    expect(before.code, before.stderr).toBe(0);
    await install(privileged, suffix, (policy) => [bindingFor(policy, policy, 'Deny', { 'rampart-export-update': suffix })]);
    const labelled = await kubectl(['label', 'namespace', namespace, `rampart-export-update=${suffix}`]);
    expect(labelled.code, labelled.stderr).toBe(0);
    const deadline = Date.now() + 30_000;
    let created = await kubectl(['create', '--dry-run=server', '-n', namespace, '-f', '-'], deployment('new'));
    while (created.code === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      created = await kubectl(['create', '--dry-run=server', '-n', namespace, '-f', '-'], deployment('new'));
    }
    expect(created.stderr).toContain(`ValidatingAdmissionPolicy 'rampart-pss-privileged-${suffix}'`);
    for (const args of [['label', 'deployment', 'web', 'team=shop'], ['patch', 'deployment', 'web', '--type=merge', '-p', '{"spec":{"replicas":3}}']]) {
      const update = await kubectl([...args, '-n', namespace]);
      expect(update.code, `${args.join(' ')}: ${update.stderr}`).toBe(0);
    }
    const templateChange = await kubectl(['patch', 'deployment', 'web', '-n', namespace, '--type=merge', '-p', '{"spec":{"template":{"metadata":{"annotations":{"restarted":"now"}}}}}']);
    expect(templateChange.code).not.toBe(0);
    expect(templateChange.stderr).toContain('k8s/pss-privileged (critical): container "app" runs privileged');
  }, 120_000);

  let denyExport: PolicyExport;
  const restricted: RuleSettings = { pss: { level: 'restricted', version: { major: 1, minor: 99 } }, allowedRegistries: [] };
  beforeAll(() => {
    denyExport = exportPolicies({ settings: restricted, actions: ['Deny'] });
  });

  it('denies, rule by rule, every object rampart scan fails for the rule, with its ID and message; admits the rest', async () => {
    const suffix = `deny-${RUN}`;
    const namespaces = new Map<string, string>();
    await inBatches(denyExport.exported, 4, async (entry) => {
      namespaces.set(entry.ruleId, await namespaceWith('export-deny', { 'rampart-export-rule': `${entry.policy}-${RUN}` }));
    });
    const ruleOf = await install(denyExport, suffix, (policy) => {
      const entry = denyExport.exported.find((e) => policy === `${e.policy}-${suffix}`)!;
      return [bindingFor(policy, policy, 'Deny', { 'rampart-export-rule': `${entry.policy}-${RUN}` })];
    });
    const exported = new Set(denyExport.exported.map((e) => e.ruleId));
    const all = fixtures();
    // Judged as the API server admits them (defaults, service account admission), where no policy is bound.
    const plain = await namespaceWith('export-plain', {});
    const verdicts = await inBatches(all, 4, async ({ label, object }) => {
      const admitted = await dryRun(object, plain);
      expect(admitted.code, `${label}: ${admitted.stderr}`).toBe(0);
      return rampartVerdicts(JSON.parse(admitted.stdout) as Json, restricted, exported);
    });
    const cases = denyExport.exported.flatMap((entry) =>
      all.flatMap(({ label, object }, index) => {
        const expected = verdicts[index]![entry.ruleId];
        // The compliant Deployment stands for the objects the rule passes.
        return expected !== undefined || label === 'compliant (Deployment)' ? [{ entry, label, object, expected }] : [];
      }),
    );
    const policyOf = new Map([...ruleOf].map(([policy, id]) => [id, policy]));
    const run = async ({ entry, label, object, expected }: (typeof cases)[number]) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const result = await dryRun(object, namespaces.get(entry.ruleId)!);
        const denial = DENIAL.exec(result.stderr);
        const done = expected === undefined ? result.code === 0 : denial !== null;
        // Until the API server's informers see the new binding, a violating object is still admitted.
        if (done || Date.now() > deadline) return { ruleId: entry.ruleId, label, expected, code: result.code, stderr: result.stderr, denial };
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    };
    const results = await inBatches(cases, 4, run);
    for (const { ruleId, label, expected, code, stderr, denial } of results) {
      if (expected === undefined) {
        expect(code, `${ruleId} on ${label}: ${stderr}`).toBe(0);
        continue;
      }
      expect(code, `${ruleId} on ${label}`).not.toBe(0);
      expect(denial?.[1], `${ruleId} on ${label}: ${stderr}`).toBe(policyOf.get(ruleId));
      expect(splitMessage(denial![2]!.trim()), `${ruleId} on ${label}`).toEqual({ ruleId, messages: expected });
    }
    const denied = new Set(results.filter((r) => r.expected !== undefined).map((r) => r.ruleId));
    expect([...exported].filter((id) => !denied.has(id))).toEqual(neverFailing(99));
  }, 300_000);
});
