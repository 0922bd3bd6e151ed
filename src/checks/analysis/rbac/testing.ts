import { readFileSync } from 'node:fs';
import { parseYamlFile } from '../../../parsers/kubernetes/documents.js';
import { extractObjects, type KubernetesObject } from '../../../parsers/kubernetes/objects.js';
import { runSetRules } from '../../../pipeline/kubernetes.js';
import { retainForSetRules } from '../../../pipeline/retain.js';
import type { KubernetesSetRule } from '../../rules/kubernetes/rule.js';
import { DEFAULT_TEST_SETTINGS } from '../../../testing/kubernetes.js';
import { buildRbacModel, type RbacModel } from './model.js';

/** Objects of YAML text, failing the test on a syntax error rather than analysing half of it. */
export function objectsOf(yaml: string, file = 'rbac.yaml'): KubernetesObject[] {
  const parsed = parseYamlFile(file, yaml);
  if (parsed.errors.length > 0) throw new Error(`test YAML is invalid: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return extractObjects(parsed);
}

export function modelOf(yaml: string): RbacModel {
  return buildRbacModel(objectsOf(yaml));
}

export function testdata(name: string): string {
  return readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
}

export interface SetRuleHit {
  ruleId: string;
  message: string;
  fieldPath: string | undefined;
  line: number;
  resource: string;
}

/** Runs set rules over YAML text through the rule runner, as a scan would. */
export function runRbacRules(rules: KubernetesSetRule[], yaml: string): SetRuleHit[] {
  const { hits, errors } = runSetRules(
    objectsOf(yaml).map((object) => retainForSetRules(object, rules)),
    rules,
    DEFAULT_TEST_SETTINGS,
  );
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
  return hits.map((h) => ({
    ruleId: h.meta.id,
    message: h.message,
    fieldPath: h.fieldPath,
    line: h.location.startLine,
    resource: `${h.resource?.kind}/${h.resource?.namespace ? `${h.resource.namespace}/` : ''}${h.resource?.name}`,
  }));
}

/** A Role or ClusterRole document with the given rules (YAML flow maps, one per line). */
export function role(kind: 'Role' | 'ClusterRole', name: string, rules: string[], extra = ''): string {
  const namespace = kind === 'Role' ? '\n  namespace: app' : '';
  return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${name}${namespace}${extra}\nrules:\n${rules.map((r) => `  - ${r}`).join('\n')}\n`;
}

/** A RoleBinding (in `namespace`) or ClusterRoleBinding (namespace undefined) with flow-map subjects. */
export function binding(name: string, roleRef: string, subjects: string[], namespace?: string): string {
  const kind = namespace ? 'RoleBinding' : 'ClusterRoleBinding';
  const ns = namespace ? `\n  namespace: ${namespace}` : '';
  return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${name}${ns}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  ${roleRef}\nsubjects:\n${subjects.map((s) => `  - ${s}`).join('\n')}\n`;
}

export function docs(...parts: string[]): string {
  return parts.join('---\n');
}
