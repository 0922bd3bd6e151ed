import { describe, expect, it } from 'vitest';
import { parseYamlFile } from '../parsers/kubernetes/documents.js';
import { extractObjects } from '../parsers/kubernetes/objects.js';
import { defineSetRule } from '../checks/rules/kubernetes/rule.js';
import { DEFAULT_TEST_SETTINGS } from '../testing/kubernetes.js';
import { runSetRules } from './kubernetes.js';
import { selectRules } from './rule-selection.js';

const META = {
  title: 'test',
  severity: 'low' as const,
  target: 'kubernetes' as const,
  rationale: 'a rule used only by the engine tests',
  remediation: 'none needed',
  references: {},
  aliases: {},
};

const objects = extractObjects(
  parseYamlFile('m.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n  labels: {team: x}\n'),
);

describe('runSetRules', () => {
  it('finds nothing without objects, with every set rule on: the scan skips them then (a Dockerfile, a lockfile)', () => {
    const { kubernetesSet } = selectRules({}, DEFAULT_TEST_SETTINGS);
    expect(kubernetesSet.length).toBeGreaterThan(10);
    expect(runSetRules([], kubernetesSet, DEFAULT_TEST_SETTINGS)).toEqual({ hits: [], errors: [] });
  });

  it('gives a set rule every object and places its reports on the object it names', () => {
    const seen: string[] = [];
    const rule = defineSetRule({
      meta: { ...META, id: 'k8s/test-set' },
      reads: () => true,
      checkAll({ objects: all, report }) {
        seen.push(...all.map((o) => o.name ?? ''));
        const labelled = all.find((o) => o.name === 'b')!;
        report({ object: labelled, path: ['metadata', 'labels', 'team'], message: 'team label found' });
      },
    });
    const { hits, errors } = runSetRules(objects, [rule], DEFAULT_TEST_SETTINGS);
    expect(errors).toEqual([]);
    expect(seen).toEqual(['a', 'b']);
    expect(hits.map((h) => [h.meta.id, h.message, h.location.startLine, h.fieldPath, h.resource?.name])).toEqual([
      ['k8s/test-set', 'team label found', 10, 'metadata.labels.team', 'b'],
    ]);
  });

  it('turns a failing set rule into an error and keeps the other rules running', () => {
    const broken = defineSetRule({ meta: { ...META, id: 'k8s/test-broken' }, reads: () => true, checkAll: () => { throw new Error('boom'); } });
    const working = defineSetRule({ meta: { ...META, id: 'k8s/test-ok' }, reads: () => true, checkAll: ({ objects: all, report }) => report({ object: all[0]!, path: [], message: 'ok' }) });
    const { hits, errors } = runSetRules(objects, [broken, working], DEFAULT_TEST_SETTINGS);
    expect(errors).toEqual([{ file: '<scan>', message: 'rule k8s/test-broken failed: boom' }]);
    expect(hits.map((h) => h.meta.id)).toEqual(['k8s/test-ok']);
  });
});
