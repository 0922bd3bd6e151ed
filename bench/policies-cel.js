// User CEL policies (src/checks/policies/cel/): a typical Deployment against 50 ValidatingAdmissionPolicies with
// their bindings, in process, the way `rampart admission` and `rampart scan` call them: compiled once, then one
// evaluate() per object. Reports the median and p99 over many calls after a warm-up (goal: median under 1 ms), and
// the same for ten MutatingAdmissionPolicies' mutate().
//
//   RAMPART_DIST=/tmp/cel-dist node bench/policies-cel.js     a build of src/ (default ../dist), e.g. from
//                                                             npx tsc -p tsconfig.build.json --outDir /tmp/cel-dist
//   BENCH_CALLS=20000                                          calls measured
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deployment, median } from './support.js';

const DIST = path.resolve(process.env.RAMPART_DIST ?? new URL('../dist', import.meta.url).pathname);
const { compileCelPolicies } = await import(pathToFileURL(path.join(DIST, 'checks/policies/cel/index.js')).href);

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const WARM_UP = 2_000;

/** Ten kinds of check that policy libraries ship, five variants of each: 50 policies matching Deployments. */
const TEMPLATES = [
  (n) => ({ validations: [{ expression: `object.spec.replicas <= ${10 + n}`, message: 'too many replicas' }] }),
  (n) => ({ validations: [{ expression: `object.spec.template.spec.containers.all(c, !c.image.endsWith(':latest${n}'))`, messageExpression: "'unpinned: ' + object.spec.template.spec.containers.map(c, c.image).join(', ')" }] }),
  (n) => ({ variables: [{ name: 'labels', expression: 'object.metadata.?labels.orValue({})' }], validations: [{ expression: `'app' in variables.labels && !('forbidden-${n}' in variables.labels)` }] }),
  (n) => ({ validations: [{ expression: `object.spec.template.spec.containers.all(c, c.?securityContext.?privileged.orValue(false) == false || '${n}' == 'x')`, reason: 'Forbidden' }] }),
  (n) => ({ validations: [{ expression: `object.spec.template.spec.containers.all(c, !has(c.resources.limits) || quantity(c.resources.limits.?memory.orValue('0')).compareTo(quantity('${n + 1}Gi')) <= 0)` }] }),
  (n) => ({ matchConditions: [{ name: 'not-system', expression: `!object.metadata.namespace.startsWith('kube-${n}')` }], validations: [{ expression: 'object.spec.template.spec.?hostNetwork.orValue(false) == false' }] }),
  (n) => ({ validations: [{ expression: `object.spec.template.spec.containers.all(c, c.image.matches('^registry\\\\.example\\\\.com/') || c.image.startsWith('mirror-${n}/'))` }] }),
  (n) => ({ validations: [{ expression: `object.spec.template.spec.containers.map(c, c.name).size() <= ${3 + n}` }], auditAnnotations: [{ key: 'containers', valueExpression: 'string(size(object.spec.template.spec.containers))' }] }),
  (n) => ({ validations: [{ expression: `object.spec.template.spec.containers.all(c, c.?securityContext.?runAsNonRoot.orValue(false) || ${n} > 10)` }] }),
  (n) => ({ validations: [{ expression: `object.spec.template.spec.?volumes.orValue([]).all(v, !has(v.hostPath) || v.hostPath.path != '/var/run/docker-${n}.sock')` }] }),
];

const documents = [];
for (let i = 0; i < 50; i++) {
  const name = `bench-${i}`;
  const spec = TEMPLATES[i % TEMPLATES.length](Math.floor(i / TEMPLATES.length));
  documents.push({
    file: 'bench.yaml', line: i * 20 + 1,
    object: {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name },
      spec: { matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] }] }, ...spec },
    },
  });
  documents.push({
    file: 'bench.yaml', line: i * 20 + 15,
    object: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name }, spec: { policyName: name, validationActions: ['Deny'] } },
  });
}

const compileStart = process.hrtime.bigint();
const { set, errors } = compileCelPolicies(documents);
const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6;
if (errors.length > 0) throw new Error(`bench policies do not compile: ${JSON.stringify(errors)}`);

const requests = Array.from({ length: 64 }, (_, i) => ({ object: deployment(i % 2 === 1, i), operation: 'CREATE', namespace: 'shop' }));
const first = set.evaluate(requests[1]);
for (let i = 0; i < WARM_UP; i++) set.evaluate(requests[i % requests.length]);
const times = [];
const cpuStart = process.cpuUsage();
for (let i = 0; i < CALLS; i++) {
  const start = process.hrtime.bigint();
  set.evaluate(requests[i % requests.length]);
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
const cpu = process.cpuUsage(cpuStart);
times.sort((a, b) => a - b);
console.log(`compile 50 policies + bindings: ${compileMs.toFixed(1)} ms`);
console.log(`careless Deployment: ${first.violations.length} violations, ${first.failures.length} failures`);
console.log(`evaluate, 50 policies, ${CALLS} calls: median ${median(times).toFixed(3)} ms, p99 ${times[Math.floor(CALLS * 0.99)].toFixed(3)} ms wall`);
// On a loaded machine wall time includes waiting for a core; CPU time per call is what the code costs.
console.log(`  CPU time per call (mean): ${((cpu.user + cpu.system) / 1000 / CALLS).toFixed(3)} ms; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);

// Mutating policies: ten MutatingAdmissionPolicies (apply configurations and JSON patches) over the same Deployments,
// as `/mutate` runs them: one mutate() per object, the merged object and its changes.
const mutating = [];
for (let i = 0; i < 10; i++) {
  const name = `bench-mutating-${i}`;
  const mutation = i % 2 === 0
    ? { patchType: 'ApplyConfiguration', applyConfiguration: { expression: `Object{metadata: Object.metadata{labels: {'bench-${i}': string(size(object.spec.template.spec.containers))}}}` } }
    : { patchType: 'JSONPatch', jsonPatch: { expression: `[JSONPatch{op: 'add', path: '/metadata/annotations', value: {'bench-${i}': object.metadata.name}}]` } };
  mutating.push(
    { file: 'bench.yaml', line: 1, object: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingAdmissionPolicy', metadata: { name }, spec: { matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] }] }, reinvocationPolicy: 'Never', mutations: [mutation] } } },
    { file: 'bench.yaml', line: 1, object: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingAdmissionPolicyBinding', metadata: { name }, spec: { policyName: name } } },
  );
}
const mutatingSet = compileCelPolicies(mutating);
if (mutatingSet.errors.length > 0) throw new Error(`bench mutating policies do not compile: ${JSON.stringify(mutatingSet.errors)}`);
const mutateCalls = Math.max(1, Math.floor(CALLS / 4));
for (let i = 0; i < WARM_UP; i++) mutatingSet.set.mutate(requests[i % requests.length]);
const mutateTimes = [];
for (let i = 0; i < mutateCalls; i++) {
  const start = process.hrtime.bigint();
  mutatingSet.set.mutate(requests[i % requests.length]);
  mutateTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
}
mutateTimes.sort((a, b) => a - b);
const changed = mutatingSet.set.mutate(requests[1]).mutations.length;
console.log(`mutate, 10 mutating policies (${changed} change the object), ${mutateCalls} calls: median ${median(mutateTimes).toFixed(3)} ms, p99 ${mutateTimes[Math.floor(mutateCalls * 0.99)].toFixed(3)} ms wall`);
