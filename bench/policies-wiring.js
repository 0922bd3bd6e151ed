// Users' policies on the webhook's path: what the examples' policies (one CEL ValidatingAdmissionPolicy, one
// Gatekeeper constraint) add to one createEvaluator() call on a typical Deployment, over the built-in rules alone.
// Reports median and p99 of many calls after a warm-up, without and with the policies.
//
//   RAMPART_DIST=/tmp/policy-wiring-dist node bench/policies-wiring.js   a build of src/ (default ../dist), e.g. from
//                                                                      npx tsc -p tsconfig.build.json --outDir /tmp/policy-wiring-dist
//   RAMPART_OPA=/path/to/opa                                           compiles the Rego template once (then cached)
//   BENCH_CALLS=20000                                                  calls measured per variant
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deployment, median } from './support.js';

const DIST = path.resolve(process.env.RAMPART_DIST ?? new URL('../dist', import.meta.url).pathname);
const { createEvaluator, loadPolicies } = await import(pathToFileURL(path.join(DIST, 'index.js')).href);

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const WARM_UP = 2_000;
const repo = new URL('..', import.meta.url).pathname;
const settings = { pss: { level: 'restricted', version: { major: 1, minor: 99 } }, allowedRegistries: [] };

const policies = await loadPolicies(['examples/policies'], { cwd: repo });
if (policies.errors.length > 0) throw new Error(policies.errors.map((e) => `${e.file}:${e.line ?? ''} ${e.message}`).join('\n'));

/** The bench's compliant Deployment, also labelled and pulled as the examples' policies want: no finding at all. */
function passing(i) {
  const object = deployment(false, i);
  object.metadata.labels = { ...object.metadata.labels, team: 'shop' };
  for (const container of object.spec.template.spec.containers) container.image = container.image.replace('registry.example.com/', 'ghcr.io/acme/');
  return object;
}

/** Half the calls compliant, half careless (many findings, the policies' among them). */
const mixed = (i) => deployment(i % 2 === 0, i);

function measure(evaluate, make) {
  for (let i = 0; i < WARM_UP; i++) evaluate(make(i), { operation: 'CREATE', namespace: 'shop' });
  const times = [];
  for (let i = 0; i < CALLS; i++) {
    const object = make(i);
    const start = performance.now();
    evaluate(object, { operation: 'CREATE', namespace: 'shop' });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: median(times), p99: times[Math.floor(times.length * 0.99)] };
}

const ms = (n) => `${n.toFixed(3)} ms`;
console.log(`${CALLS} calls each, ${policies.policies.length} policies (${policies.policies.map((p) => p.name).join(', ')})`);
const plain = createEvaluator({ settings });
const judged = createEvaluator({ settings, policies });
for (const [label, make] of [['Deployment passing every policy', passing], ['compliant and careless Deployments', mixed]]) {
  const without = measure(plain, make);
  const withPolicies = measure(judged, make);
  console.log(`${label}:`);
  console.log(`  built-in rules only:   median ${ms(without.median)}, p99 ${ms(without.p99)}`);
  console.log(`  with users' policies:  median ${ms(withPolicies.median)}, p99 ${ms(withPolicies.p99)}  (+${ms(withPolicies.median - without.median)} median)`);
}
