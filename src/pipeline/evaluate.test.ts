import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import yaml from 'js-yaml';
import { runKubernetesRules } from './kubernetes.js';
import { selectRules } from './rule-selection.js';
import { parseYamlFile } from '../parsers/kubernetes/documents.js';
import { extractObjects } from '../parsers/kubernetes/objects.js';
import { DEFAULT_TEST_SETTINGS } from '../testing/kubernetes.js';
import { createEvaluator } from './evaluate.js';
import { scan } from './full-scan.js';
import { UnknownRuleError } from './unknown-rule-error.js';
import { toJsonPatch, type JsonPatchOperation } from './json-patch.js';
import { secretRules } from '../checks/rules/secrets/index.js';
import { checksummedToken } from '../checks/secrets/detectors/testing/tokens.js';

const demo = readFileSync(new URL('../../examples/demo-app/k8s/deployment.yaml', import.meta.url), 'utf8');
const hardened = readFileSync(new URL('../../examples/demo-app-hardened/k8s/deployment.yaml', import.meta.url), 'utf8');
const demoObject = yaml.load(demo) as Record<string, unknown>;

const active = (findings: Array<{ ruleId: string; suppressed?: unknown }>) => findings.filter((f) => !f.suppressed).map((f) => f.ruleId);

describe('createEvaluator', () => {
  const evaluate = createEvaluator({ settings: DEFAULT_TEST_SETTINGS });

  it('reports what a scan of the same manifest reports, with the same fields', () => {
    const objects = extractObjects(parseYamlFile('deployment.yaml', demo));
    const scanned = runKubernetesRules(objects, selectRules({}, DEFAULT_TEST_SETTINGS).kubernetes, DEFAULT_TEST_SETTINGS).hits;
    const evaluated = evaluate(demoObject).findings;
    expect(evaluated.length).toBeGreaterThan(5);
    const key = (f: { ruleId?: string; meta?: { id: string }; fieldPath?: string; message: string; location: { startLine: number } }) =>
      `${f.ruleId ?? f.meta!.id} ${f.fieldPath ?? ''} ${f.message}`;
    expect(evaluated.map(key).sort()).toEqual(scanned.map((h) => key(h)).sort());
  });

  it('locates findings in the object written as YAML, named after the request', () => {
    const [finding] = evaluate(demoObject, { namespace: 'shop' }).findings.filter((f) => f.fieldPath === 'spec.template.spec.hostNetwork');
    expect(finding?.location.file).toBe('admission://shop/Deployment/payments-api');
    expect(finding?.location.startLine).toBeGreaterThan(1);
    expect(finding?.resource).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'payments-api', namespace: 'shop' });
  });

  it('stays quiet on a hardened workload', () => {
    const result = evaluate(yaml.load(hardened) as Record<string, unknown>);
    expect(active(result.findings)).toEqual([]);
    expect(result.patch).toEqual([]);
  });

  it('judges Pod Security at the level the namespace enforces', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'r.example/c@sha256:' + 'a'.repeat(64) }] } };
    const restricted = active(evaluate(pod, { namespaceLabels: { 'pod-security.kubernetes.io/enforce': 'restricted' } }).findings);
    const baseline = evaluate(pod, { namespaceLabels: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.25' } });
    const privileged = active(evaluate(pod, { namespaceLabels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }).findings);
    expect(restricted).toEqual(expect.arrayContaining(['k8s/pss-run-as-non-root', 'k8s/pss-seccomp-profile-restricted']));
    expect(active(baseline.findings).filter((id) => id.startsWith('k8s/pss-'))).toEqual([]);
    expect(baseline.pss).toEqual({ level: 'baseline', version: { major: 1, minor: 25 } });
    expect(privileged.filter((id) => id.startsWith('k8s/pss-'))).toEqual([]);
    // An unreadable label fails closed.
    expect(evaluate(pod, { namespaceLabels: { 'pod-security.kubernetes.io/enforce': 'strictest' } }).pss.level).toBe('restricted');
  });

  it('honours the ignore annotation unless strict, and config exemptions', () => {
    const annotated = structuredClone(demoObject) as { metadata: Record<string, unknown> };
    annotated.metadata.annotations = { 'rampart.io/ignore': 'k8s/pss-baseline-host-namespaces: the node agent needs the host network' };
    const hostNetwork = (f: { fieldPath?: string }) => f.fieldPath === 'spec.template.spec.hostNetwork';
    const ruleId = evaluate(demoObject).findings.find(hostNetwork)!.ruleId;
    annotated.metadata.annotations = { 'rampart.io/ignore': `${ruleId}: the node agent needs the host network` };
    expect(evaluate(annotated).findings.find(hostNetwork)?.suppressed?.kind).toBe('annotation');
    const strict = createEvaluator({ settings: DEFAULT_TEST_SETTINGS, strict: true });
    expect(strict(annotated).findings.find(hostNetwork)?.suppressed).toBeUndefined();
    const exempting = createEvaluator({ settings: DEFAULT_TEST_SETTINGS, exemptions: [{ rules: [ruleId], kind: 'Deployment', reason: 'agent', source: { file: 'rampart.yaml' } }] });
    expect(exempting(demoObject).findings.find(hostNetwork)?.suppressed?.kind).toBe('config');
  });

  it('turns the fixes into a JSON Patch that, applied, clears the fixable findings', () => {
    const before = evaluate(demoObject);
    expect(before.patch.length).toBeGreaterThan(0);
    const patched = applyPatch(demoObject, before.patch);
    const after = evaluate(patched);
    const fixable = before.findings.filter((f) => f.fix && !f.suppressed).map((f) => `${f.ruleId} ${f.fieldPath}`);
    const remaining = after.findings.map((f) => `${f.ruleId} ${f.fieldPath}`);
    expect(fixable.filter((f) => remaining.includes(f))).toEqual([]);
    expect(after.findings.length).toBeLessThan(before.findings.length);
  });

  it('puts only the fixes of the rules patchRules names into the patch, by ID or alias', () => {
    const all = evaluate(demoObject);
    const fixed = [...new Set(all.findings.filter((f) => f.fix?.kind === 'object-patch' && !f.suppressed).map((f) => f.ruleId))];
    expect(fixed.length).toBeGreaterThan(1);
    const [chosen] = fixed;
    const byId = createEvaluator({ settings: DEFAULT_TEST_SETTINGS, patchRules: [chosen!] })(demoObject);
    expect(byId.findings).toEqual(all.findings);
    const chosenOps = all.findings.filter((f) => f.ruleId === chosen).flatMap((f) => (f.fix?.kind === 'object-patch' ? f.fix.ops : []));
    expect(byId.patch.length).toBeGreaterThan(0);
    expect(byId.patch.length).toBeLessThan(all.patch.length);
    expect(byId.patch).toEqual(toJsonPatch(demoObject, chosenOps));
    // A peer's alias names the same rule, as a rule key of rampart.yaml does.
    const privileged = all.findings.find((f) => f.ruleId === 'k8s/pss-privileged' && f.fix);
    expect(privileged).toBeDefined();
    const alias = privileged!.aliases.find((a) => a.startsWith('CKV_'))!;
    const byAlias = createEvaluator({ settings: DEFAULT_TEST_SETTINGS, patchRules: [alias] })(demoObject);
    expect(byAlias.patch).toEqual(createEvaluator({ settings: DEFAULT_TEST_SETTINGS, patchRules: ['k8s/pss-privileged'] })(demoObject).patch);
    expect(byAlias.patch.some((op) => op.path.endsWith('/privileged') || op.path.endsWith('/securityContext'))).toBe(true);
    expect(createEvaluator({ settings: DEFAULT_TEST_SETTINGS, patchRules: [] })(demoObject).patch).toEqual([]);
    expect(() => createEvaluator({ settings: DEFAULT_TEST_SETTINGS, patchRules: ['k8s/no-such-rule'] })).toThrow(UnknownRuleError);
  });

  it('decides nothing on DELETE and reports an object without a kind', () => {
    expect(evaluate(demoObject, { operation: 'DELETE' }).findings).toEqual([]);
    expect(evaluate({ metadata: { name: 'x' } }).errors[0]?.message).toMatch(/no kind/);
  });

  it('places an object without a namespace in the request namespace', () => {
    const ids = active(evaluate(demoObject, { namespace: 'shop' }).findings);
    expect(ids).not.toContain('k8s/default-namespace');
    expect(active(evaluate(demoObject).findings)).toContain('k8s/default-namespace');
  });
});

describe('createEvaluator and scan', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const files = readdirSync(join(root, 'examples'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `examples/${f}`)
    // CI configuration (a pre-commit config, a GitLab pipeline) sits among the examples but holds no Kubernetes object.
    .filter((f) => /^kind:/m.test(readFileSync(join(root, f), 'utf8')))
    .sort();

  it('covers every example manifest', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)('gives each object of %s the findings a scan gives it, fingerprints included', async (file) => {
    const { scanned, evaluated, objects } = await scanAndEvaluate(root, file);
    expect(objects).toBeGreaterThan(0);
    expect(evaluated).toEqual(scanned);
  });
});

describe('createEvaluator and scan, on credentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-evaluate-secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const tokens = Array.from({ length: 10 }, (_, i) => checksummedToken('ghp_', 900 + i));
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const manifests: Record<string, string> = {
    'secret-data.yaml':
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: vaultapikey\n  namespace: goat\ntype: Opaque\ndata:\n  k8sgoatvaultkey: ${b64(tokens[0]!)}\n` +
      `  wrapped: |\n    ${b64(tokens[1]!).replace(/(.{24})/g, '$1\n    ').trimEnd()}\n  notbase64: ${tokens[2]}\n  plain: ${b64('not a credential')}\n`,
    'secret-string-data.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: goat\nstringData:\n  k8sgoatvaultkey: ${tokens[3]}\n  config.env: |\n    LOG=info\n    GITHUB=${tokens[4]}\n`,
    'configmap.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: goat\ndata:\n  k8sgoatvaultkey: ${tokens[5]}\nbinaryData:\n  blob: ${b64(`token=${tokens[6]}`)}\n`,
    'deployment.yaml':
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: goat\n  annotations:\n    ci.example.com/token: ${tokens[7]}\nspec:\n  selector:\n    matchLabels: {app: d}\n  template:\n` +
      `    metadata:\n      labels: {app: d}\n      annotations:\n        note: "GH ${tokens[0]}"\n    spec:\n      containers:\n      - name: c\n        image: registry.example.com/d@sha256:${'a'.repeat(64)}\n` +
      `        args: ["--github-token=${tokens[8]}", "--verbose"]\n        command:\n        - sh\n        - -c\n        - |\n          git clone https://x-access-token:${tokens[9]}@github.com/o/r\n          make\n` +
      `        env:\n        - name: GH_TOKEN\n          value: ${tokens[1]}\n        - name: LOG\n          value: info\n`,
  };
  for (const [name, text] of Object.entries(manifests)) writeFileSync(join(dir, name), text);

  // Every token but the one under data.notbase64, which the API server would reject.
  const expected: Record<string, number> = { 'secret-data.yaml': 2, 'secret-string-data.yaml': 2, 'configmap.yaml': 2, 'deployment.yaml': 5 };

  it.each(Object.keys(manifests))('gives each object of %s the secret findings a scan gives it', async (file) => {
    const { scanned, evaluated, objects } = await scanAndEvaluate(dir, file);
    expect(objects).toBe(1);
    const secrets = evaluated.filter((f) => f.ruleId.startsWith('secret/'));
    expect(secrets.length).toBe(expected[file]);
    for (const finding of secrets) for (const token of tokens) expect(finding.message).not.toContain(token);
    expect(evaluated).toEqual(scanned);
  });

  it('reports a decoded Secret value under its key, at the value, and nothing from a value the API server rejects', async () => {
    const evaluate = createEvaluator({ settings: DEFAULT_TEST_SETTINGS });
    const object = yaml.load(manifests['secret-data.yaml']!) as Record<string, unknown>;
    const found = evaluate(object).findings.filter((f) => f.ruleId.startsWith('secret/'));
    expect(found.map((f) => [f.ruleId, f.fieldPath, f.location.startLine])).toEqual([
      ['secret/github-pat', 'data.k8sgoatvaultkey', 8],
      ['secret/github-pat', 'data.wrapped', 9],
    ]);
    expect(found[0]!.message).toMatch(/^GitHub .*, base64-decoded from Secret data key "k8sgoatvaultkey": ghp_…\w\w \(40 chars\), confirmed by checksum$/);
    expect(evaluate(object).findings.map((f) => f.ruleId)).toContain('k8s/secret-data-invalid-base64');
  });

  it('runs no secret search when the secret rules are off', () => {
    const off = createEvaluator({ settings: DEFAULT_TEST_SETTINGS, rules: Object.fromEntries(secretRules.map((r) => [r.meta.id, { enabled: false }])) });
    const object = yaml.load(manifests['configmap.yaml']!) as Record<string, unknown>;
    expect(off(object).findings.filter((f) => f.ruleId.startsWith('secret/'))).toEqual([]);
  });
});

/**
 * The findings a scan gives the objects of `file` and those evaluation gives each object, compared on every field but
 * the location (a scan locates in the file as written, evaluation in the object written as block YAML).
 */
async function scanAndEvaluate(root: string, file: string): Promise<{ scanned: unknown[]; evaluated: Finding[]; objects: number }> {
  const now = new Date('2026-01-01T00:00:00Z');
  const { report } = await scan({ paths: [file], cwd: root, exclude: [], settings: DEFAULT_TEST_SETTINGS, rules: {}, exemptions: [], ignoreEntries: [], strict: false, now, secrets: true });
  const evaluate = createEvaluator({ settings: DEFAULT_TEST_SETTINGS, now: () => now });
  // Set rules (RBAC, NetworkPolicy, mesh) judge every object of a scan together; a single object has no such set.
  const perObject = new Set([...selectRules({}, DEFAULT_TEST_SETTINGS).kubernetes.map((rule) => rule.meta.id), ...secretRules.map((rule) => rule.meta.id)]);
  const fields = (f: Finding) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, fieldPath: f.fieldPath, fingerprint: f.fingerprint, resource: f.resource, suppressed: f.suppressed, aliases: f.aliases, fix: f.fix });
  const key = (f: { ruleId: string; fingerprint: string; resource?: Finding['resource']; message: string }) => `${f.resource?.kind}/${f.resource?.namespace}/${f.resource?.name} ${f.ruleId} ${f.fingerprint} ${f.message}`;
  const scanned = report.findings.filter((f) => perObject.has(f.ruleId)).map(fields).sort((a, b) => key(a).localeCompare(key(b)));
  const objects = (yaml.loadAll(readFileSync(join(root, file), 'utf8')) as Array<Record<string, unknown> | null>).filter((o) => o?.kind);
  const findings = objects.flatMap((object) => evaluate(object!, { file }).findings);
  const evaluated = findings.map(fields).sort((a, b) => key(a).localeCompare(key(b)));
  return { scanned, evaluated: evaluated as Finding[], objects: objects.length };
}

/** A strict RFC 6902 applier for add/replace, as the API server applies a webhook's patch: a missing parent fails. */
function applyPatch(object: Record<string, unknown>, patch: JsonPatchOperation[]): Record<string, unknown> {
  const copy = structuredClone(object);
  for (const { op, path, value } of patch) {
    const segments = path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: unknown = copy;
    for (const segment of segments.slice(0, -1)) {
      node = (node as Record<string, unknown>)[segment];
      if (typeof node !== 'object' || node === null) throw new Error(`${op} ${path}: missing parent ${segment}`);
    }
    const last = segments.at(-1)!;
    if (Array.isArray(node)) {
      const index = last === '-' ? node.length : Number(last);
      if (op === 'add') node.splice(index, 0, value);
      else if (index < node.length) node[index] = value;
      else throw new Error(`replace ${path}: no such index`);
    } else {
      const record = node as Record<string, unknown>;
      if (op === 'replace' && !(last in record)) throw new Error(`replace ${path}: no such member`);
      record[last] = value;
    }
  }
  return copy;
}
