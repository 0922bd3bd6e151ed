import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { kubernetesRules, kubernetesSetRules } from '../checks/rules/kubernetes/index.js';
import type { RuleHit } from '../core/rule-hit.js';
import { parseYamlFile } from '../parsers/kubernetes/documents.js';
import { extractObjects, type KubernetesObject } from '../parsers/kubernetes/objects.js';
import { DEFAULT_TEST_SETTINGS } from '../testing/kubernetes.js';
import { runKubernetesRules } from './kubernetes.js';
import { retainForSetRules } from './retain.js';

// Collections on demand, so the test measures what is still reachable rather than what the collector has not reached.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

function heapAfterCollection(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/** A dashboard ConfigMap of about 8 MB whose name, kind and apiVersion are substrings of its text. */
function dashboardFile(): string {
  const panel = '{"expr": "sum(rate(container_cpu_usage_seconds_total{job=\\"kubelet\\"}[5m])) by (pod)", "legendFormat": "{{pod}}"},\n';
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: grafana-dashboard-definitions-k8s-resources\ndata:\n  dashboard.json: |-\n${panel.repeat(80_000).replace(/^/gm, '    ')}`;
}

/** What a scan keeps of one file until the end: its hits, and its objects as set rules keep them. */
function checkAndKeep(): { hits: RuleHit[]; kept: KubernetesObject[] } {
  const objects = extractObjects(parseYamlFile('dashboards.yaml', dashboardFile()));
  const { hits } = runKubernetesRules(objects, kubernetesRules, DEFAULT_TEST_SETTINGS);
  // The rules cache the last object's pod template for the next rule: checking another object moves it on.
  runKubernetesRules(extractObjects(parseYamlFile('ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n')), kubernetesRules, DEFAULT_TEST_SETTINGS);
  return { hits, kept: objects.map((object) => retainForSetRules(object, kubernetesSetRules)) };
}

describe('what a scan keeps of a checked file', () => {
  it('holds no view into the text: hits and kept identities copy the strings they keep', () => {
    const before = heapAfterCollection();
    const { hits, kept } = checkAndKeep();
    const after = heapAfterCollection();
    expect(hits.map((hit) => hit.meta.id)).toContain('k8s/default-namespace');
    expect(hits[0]!.resource).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'grafana-dashboard-definitions-k8s-resources' });
    expect(kept.map((object) => object.name)).toEqual(['grafana-dashboard-definitions-k8s-resources']);
    // The text alone is over 8 MB; what is kept of it is a few hundred bytes per hit.
    expect(dashboardFile().length).toBeGreaterThan(8_000_000);
    expect(after - before).toBeLessThan(1_000_000);
  });
});
