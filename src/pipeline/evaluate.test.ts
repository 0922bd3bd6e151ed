import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { runKubernetesRules } from './kubernetes.js';
import { selectRules } from './rule-selection.js';
import { parseYamlFile } from '../parsers/kubernetes/documents.js';
import { extractObjects } from '../parsers/kubernetes/objects.js';
import { DEFAULT_TEST_SETTINGS } from '../testing/kubernetes.js';
import { createEvaluator } from './evaluate.js';
import type { JsonPatchOperation } from './json-patch.js';

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
