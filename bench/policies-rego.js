// Gatekeeper ConstraintTemplates compiled to WebAssembly: a typical Deployment against 20 templates, one constraint
// each, evaluated in-process as `rampart scan` and `rampart admission` do (the goal: median under 5 ms).
// Compiling happens once, into a fresh cache directory, and is reported separately; then a second compile shows the
// cached path (no opa run).
//
//   RAMPART_DIST=/tmp/rego-dist node bench/policies-rego.js     a build of src/ (default ../dist)
//   RAMPART_OPA=/path/to/opa                                      default: the one scripts/install-opa.sh builds
//   BENCH_CALLS=5000 BENCH_ROUNDS=3
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deployment } from './support.js';

const DIST = path.resolve(path.dirname(new URL(import.meta.url).pathname), process.env.RAMPART_DIST ?? '../dist');
const { compileRegoPolicies } = await import(pathToFileURL(path.join(DIST, 'checks/policies/rego/index.js')).href);
const OPA = process.env.RAMPART_OPA ?? path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'rampart-tools/opa-v1.22.4/opa');
const CALLS = Number(process.env.BENCH_CALLS ?? 5_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP = 500;

// Container-level checks in the style of the public gatekeeper-library (v0 Rego), each its own template.
const CONTAINERS = `
containers[c] { c := input.review.object.spec.template.spec.containers[_] }
containers[c] { c := input.review.object.spec.template.spec.initContainers[_] }
containers[c] { c := input.review.object.spec.containers[_] }
`;
const CHECKS = {
  Privileged: 'c := containers[_]\n  c.securityContext.privileged\n  msg := sprintf("privileged container is not allowed: %v", [c.name])',
  PrivilegeEscalation: 'c := containers[_]\n  not c.securityContext.allowPrivilegeEscalation == false\n  msg := sprintf("privilege escalation must be off: %v", [c.name])',
  ReadOnlyRoot: 'c := containers[_]\n  not c.securityContext.readOnlyRootFilesystem == true\n  msg := sprintf("only read-only root filesystem container is allowed: %v", [c.name])',
  RunAsNonRoot: 'c := containers[_]\n  not c.securityContext.runAsNonRoot\n  not input.review.object.spec.template.spec.securityContext.runAsNonRoot\n  msg := sprintf("container %v must run as non-root", [c.name])',
  DropAll: 'c := containers[_]\n  not drops_all(c)\n  msg := sprintf("container %v must drop ALL capabilities", [c.name])',
  LatestTag: 'c := containers[_]\n  endswith(c.image, ":latest")\n  msg := sprintf("container <%v> uses an image tagged latest <%v>", [c.name, c.image])',
  ImageDigest: 'c := containers[_]\n  not regex.match("@sha256:[a-f0-9]{64}$", c.image)\n  msg := sprintf("container <%v> uses an image without a digest <%v>", [c.name, c.image])',
  Repos: 'c := containers[_]\n  not strings.any_prefix_match(c.image, input.parameters.repos)\n  msg := sprintf("container <%v> has an invalid image repo <%v>, allowed repos are %v", [c.name, c.image, input.parameters.repos])',
  Limits: 'c := containers[_]\n  not c.resources.limits.memory\n  msg := sprintf("container <%v> has no memory limit", [c.name])',
  MemoryMax: 'c := containers[_]\n  units.parse_bytes(c.resources.limits.memory) > units.parse_bytes(input.parameters.memory)\n  msg := sprintf("container <%v> memory limit is above %v", [c.name, input.parameters.memory])',
  Requests: 'c := containers[_]\n  not c.resources.requests.cpu\n  msg := sprintf("container <%v> has no cpu request", [c.name])',
  Liveness: 'c := containers[_]\n  not c.livenessProbe\n  msg := sprintf("container <%v> has no livenessProbe", [c.name])',
  Readiness: 'c := containers[_]\n  not c.readinessProbe\n  msg := sprintf("container <%v> has no readinessProbe", [c.name])',
  HostPorts: 'c := containers[_]\n  p := c.ports[_]\n  p.hostPort\n  msg := sprintf("container <%v> uses hostPort %v", [c.name, p.hostPort])',
  HostNamespace: 'spec := input.review.object.spec.template.spec\n  spec.hostNetwork\n  msg := "sharing the host network is not allowed"',
  HostPath: 'v := input.review.object.spec.template.spec.volumes[_]\n  v.hostPath\n  msg := sprintf("hostPath volume %v is not allowed", [v.name])',
  Seccomp: 'c := containers[_]\n  not c.securityContext.seccompProfile.type == "RuntimeDefault"\n  not input.review.object.spec.template.spec.securityContext.seccompProfile.type == "RuntimeDefault"\n  msg := sprintf("container <%v> needs seccomp RuntimeDefault", [c.name])',
  RequiredLabels: 'provided := {l | input.review.object.metadata.labels[l]}\n  required := {l | l := input.parameters.labels[_]}\n  missing := required - provided\n  count(missing) > 0\n  msg := sprintf("you must provide labels: %v", [missing])',
  Replicas: 'input.review.object.spec.replicas > input.parameters.max\n  msg := sprintf("replicas %v above %v", [input.review.object.spec.replicas, input.parameters.max])',
  EnvSecrets: 'c := containers[_]\n  e := c.env[_]\n  regex.match("(?i)(password|secret|token)", e.name)\n  e.value\n  msg := sprintf("container <%v> sets %v in plain text", [c.name, e.name])',
};
const PARAMETERS = { Repos: { repos: ['registry.example.com/'] }, MemoryMax: { memory: '1Gi' }, RequiredLabels: { labels: ['app', 'team'] }, Replicas: { max: 10 } };

const documents = Object.entries(CHECKS).flatMap(([name, body], i) => {
  const kind = `K8sBench${name}`;
  const rego = `package bench.${name.toLowerCase()}\n${CONTAINERS}\ndrops_all(c) { c.securityContext.capabilities.drop[_] == "ALL" }\n\nviolation[{"msg": msg}] {\n  ${body}\n}\n`;
  const template = {
    apiVersion: 'templates.gatekeeper.sh/v1',
    kind: 'ConstraintTemplate',
    metadata: { name: kind.toLowerCase() },
    spec: { crd: { spec: { names: { kind } } }, targets: [{ target: 'admission.k8s.gatekeeper.sh', rego }] },
  };
  const constraint = {
    apiVersion: 'constraints.gatekeeper.sh/v1beta1',
    kind,
    metadata: { name: `bench-${name.toLowerCase()}` },
    spec: { match: { kinds: [{ apiGroups: ['apps'], kinds: ['Deployment'] }], excludedNamespaces: ['kube-*'] }, parameters: PARAMETERS[name] ?? {} },
  };
  return [
    { object: template, file: 'bench.yaml', line: i * 40 + 1 },
    { object: constraint, file: 'bench.yaml', line: i * 40 + 30 },
  ];
});

const cacheDir = mkdtempSync(path.join(tmpdir(), 'rampart-bench-rego-'));
let started = performance.now();
const compiled = await compileRegoPolicies(documents, { opaPath: OPA, cacheDir });
const compileMs = performance.now() - started;
if (compiled.errors.length > 0) throw new Error(compiled.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n'));
started = performance.now();
const again = await compileRegoPolicies(documents, { opaPath: OPA, cacheDir });
const cachedMs = performance.now() - started;
if (again.set.policies.length !== 20) throw new Error(`expected 20 policies, got ${again.set.policies.length}`);

const percentile = (samples, q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
console.log(`Rego policies: a Deployment against ${compiled.set.policies.length} compiled templates (node ${process.version}, ${DIST}, opa ${OPA})`);
console.log(`first compile (opa build, 2 at a time) ${compileMs.toFixed(0)} ms; second compile (cache) ${cachedMs.toFixed(0)} ms`);
console.log(`load average at start: ${loadavg().map((n) => n.toFixed(2)).join(' ')}; times in ms, wall (cpu)`);
for (const careless of [false, true]) {
  const set = again.set;
  for (let i = 0; i < WARM_UP; i++) set.evaluate({ object: deployment(careless, i), operation: 'CREATE' });
  for (let r = 1; r <= ROUNDS; r++) {
    const wall = new Float64Array(CALLS);
    const cpu = new Float64Array(CALLS);
    let violations = 0;
    for (let i = 0; i < CALLS; i++) {
      const request = { object: deployment(careless, i), operation: 'CREATE' };
      const cpuStarted = process.cpuUsage();
      const t = performance.now();
      violations = set.evaluate(request).violations.length;
      wall[i] = performance.now() - t;
      const used = process.cpuUsage(cpuStarted);
      cpu[i] = (used.user + used.system) / 1000;
    }
    wall.sort();
    cpu.sort();
    console.log(
      `${(careless ? 'careless' : 'compliant').padEnd(9)} Deployment (${String(violations).padStart(2)} violations) round ${r}: ` +
        `median ${percentile(wall, 0.5).toFixed(3)} (${percentile(cpu, 0.5).toFixed(3)})  p99 ${percentile(wall, 0.99).toFixed(3)} (${percentile(cpu, 0.99).toFixed(3)})`,
    );
  }
}
rmSync(cacheDir, { recursive: true, force: true });
