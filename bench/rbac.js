// who-can over 10,000 RBAC rules in 1,000 roles with their bindings: prints the model build time
// and the median of 20 who-can queries. Run `npm run build` first, then `node bench/rbac.js`.
import { performance } from 'node:perf_hooks';
import { parseYamlFile } from '../dist/parsers/kubernetes/documents.js';
import { extractObjects } from '../dist/parsers/kubernetes/objects.js';
import { buildRbacModel } from '../dist/checks/analysis/rbac/model.js';
import { buildWhoCanIndex } from '../dist/checks/analysis/rbac/queries.js';
import { resolveResource } from '../dist/checks/analysis/rbac/resources.js';
import { seededRandom } from './support.js';

const ROLES = 1000;
const RULES_PER_ROLE = 10;
const RESOURCES = ['pods', 'services', 'configmaps', 'secrets', 'deployments', 'statefulsets', 'jobs', 'ingresses', 'widgets', 'pods/exec', 'pods/log', '*/scale'];
const GROUPS = ['', 'apps', 'batch', 'networking.k8s.io', 'example.com', '*'];
const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', '*'];

const { random, pick } = seededRandom(42);

const docs = [];
for (let r = 0; r < ROLES; r++) {
  const namespaced = r % 2 === 0;
  const rules = [];
  for (let i = 0; i < RULES_PER_ROLE; i++) {
    const names = random(10) === 0 ? `, resourceNames: [obj-${random(50)}]` : '';
    rules.push(`  - {apiGroups: ["${pick(GROUPS)}"], resources: ["${pick(RESOURCES)}"], verbs: ["${pick(VERBS)}", "${pick(VERBS)}"]${names}}`);
  }
  const kind = namespaced ? 'Role' : 'ClusterRole';
  const ns = `ns-${r % 50}`;
  docs.push(`apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: role-${r}${namespaced ? `\n  namespace: ${ns}` : ''}\nrules:\n${rules.join('\n')}\n`);
  const bindingKind = namespaced || r % 3 === 0 ? 'RoleBinding' : 'ClusterRoleBinding';
  const bindingNs = bindingKind === 'RoleBinding' ? `\n  namespace: ${ns}` : '';
  docs.push(
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${bindingKind}\nmetadata:\n  name: binding-${r}${bindingNs}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${kind}\n  name: role-${r}\nsubjects:\n  - {kind: User, name: user-${r % 300}}\n  - {kind: ServiceAccount, name: sa-${r % 40}, namespace: ${ns}}\n`,
  );
}

const parsed = parseYamlFile('bench.yaml', docs.join('---\n'));
if (parsed.errors.length > 0) throw new Error(parsed.errors[0].message);
const objects = extractObjects(parsed);
const buildStart = performance.now();
const model = buildRbacModel(objects);
const index = buildWhoCanIndex(model);
const buildMs = performance.now() - buildStart;

const queries = [
  ['get', 'secrets', 'ns-3'], ['create', 'pods', undefined], ['list', 'deployments.apps', 'ns-7'], ['delete', 'configmaps', undefined],
  ['update', 'deployments.apps/scale', 'ns-1'], ['create', 'pods/exec', 'ns-2'], ['watch', 'ingresses.networking.k8s.io', undefined], ['patch', 'widgets.example.com', 'ns-9'],
  ['get', 'pods/log', 'ns-4'], ['create', 'jobs.batch', 'ns-5'],
];
const times = [];
let answers = 0;
for (let i = 0; i < 20; i++) {
  const [verb, target, namespace] = queries[i % queries.length];
  const [resourceText, subresource] = target.split('/');
  const resolved = resolveResource(resourceText);
  const start = performance.now();
  answers += index.query({
    kind: 'resource', verb, resource: resolved.resource, namespaced: resolved.namespaced,
    ...(resolved.group !== undefined ? { apiGroup: resolved.group } : {}),
    ...(subresource ? { subresource } : {}), ...(namespace ? { namespace } : {}),
  }).length;
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const median = (times[9] + times[10]) / 2;
const rules = model.roles.reduce((n, r) => n + r.rules.length, 0);
console.log(`rbac: ${rules} rules in ${model.roles.length} roles, ${model.bindings.length} bindings`);
console.log(`rbac: model + index build ${buildMs.toFixed(1)} ms`);
console.log(`rbac: who-can median of 20 queries ${median.toFixed(2)} ms (max ${times[19].toFixed(2)} ms, ${answers} answers)`);
