import type { RuleSettings } from '../core/settings.js';
import { runKubernetesRules } from '../pipeline/kubernetes.js';
import { parseYamlFile } from '../parsers/kubernetes/documents.js';
import { extractObjects } from '../parsers/kubernetes/objects.js';
import type { KubernetesRule } from '../checks/rules/kubernetes/rule.js';
import type { Fix } from '../core/fix.js';

export const DEFAULT_TEST_SETTINGS: RuleSettings = {
  pss: { level: 'restricted', version: { major: 1, minor: 99 } },
  allowedRegistries: [],
};

export interface TestHit {
  ruleId: string;
  message: string;
  fieldPath: string | undefined;
  line: number;
  fix: Fix | undefined;
}

/** Runs one rule over YAML text, the way rule tests describe cases: valid (no hits) and invalid (hits). */
export function runRule(rule: KubernetesRule, yaml: string, settings: Partial<RuleSettings> = {}): TestHit[] {
  const parsed = parseYamlFile('test.yaml', yaml);
  if (parsed.errors.length > 0) throw new Error(`test YAML is invalid: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const { hits, errors } = runKubernetesRules(extractObjects(parsed), [rule], { ...DEFAULT_TEST_SETTINGS, ...settings });
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
  return hits.map((h) => ({ ruleId: h.meta.id, message: h.message, fieldPath: h.fieldPath, line: h.location.startLine, fix: h.fix }));
}

/** A minimal Pod manifest with the given container securityContext/spec tweaks, as YAML text. */
export function pod(spec: string, metadata = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: test\n  namespace: app\n${indent(metadata, 2)}spec:\n${indent(spec, 2)}`;
}

/** Settings that evaluate Pod Security Standards at `v1.<minor>`. */
export function atVersion(minor: number, level: 'baseline' | 'restricted' = 'restricted'): Partial<RuleSettings> {
  return { pss: { level, version: { major: 1, minor } } };
}

/** A CronJob wrapping the given pod spec, at the depth CronJob templates live. */
export function cronJob(spec: string): string {
  return [
    'apiVersion: batch/v1',
    'kind: CronJob',
    'metadata:',
    '  name: nightly',
    'spec:',
    '  schedule: "0 3 * * *"',
    '  jobTemplate:',
    '    spec:',
    '      template:',
    '        spec:',
    indent(spec, 10),
  ].join('\n');
}

/** A Deployment wrapping the given pod spec, to prove templates are checked. */
export function deployment(spec: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  namespace: app',
    'spec:',
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    indent(spec, 6),
  ].join('\n');
}

function indent(text: string, spaces: number): string {
  if (!text.trim()) return '';
  const pad = ' '.repeat(spaces);
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n');
  const common = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => (l.trim() ? pad + l.slice(common) : '')).join('\n') + '\n';
}
