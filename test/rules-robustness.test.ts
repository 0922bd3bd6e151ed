import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dump, load } from 'js-yaml';
import type { JsonPath } from '../src/core/fix.js';
import { runKubernetesRules } from '../src/pipeline/kubernetes.js';
import { scanDockerfileText } from '../src/pipeline/dockerfile.js';
import { parseYamlFile } from '../src/parsers/kubernetes/documents.js';
import { extractObjects } from '../src/parsers/kubernetes/objects.js';
import { kubernetesRules } from '../src/checks/rules/kubernetes/index.js';
import { dockerfileRules } from '../src/checks/rules/dockerfile/index.js';
import { DEFAULT_TEST_SETTINGS } from '../src/testing/kubernetes.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** Values of every wrong type a field can hold in a hand-written manifest. */
const CONFUSED: unknown[] = [null, 42, true, 'text', [], {}, ['x'], { a: 1 }, [{}], [null]];

function paths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function replaced(root: unknown, path: JsonPath, value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

describe('rules never throw on type-confused input', () => {
  const sources = [read('examples/demo-app/k8s/deployment.yaml'), read('examples/demo-app-hardened/k8s/deployment.yaml'), read('examples/demo-app/k8s/secret.yaml'), read('examples/demo-app/k8s/ingress.yaml'), read('examples/demo-app/k8s/service.yaml')];
  for (const [index, source] of sources.entries()) {
    const original = load(source) as Record<string, unknown>;
    it(`#${index} ${original.kind} "${(original.metadata as { name: string }).name}": every field replaced by every wrong type`, () => {
      let variants = 0;
      for (const path of paths(original)) {
        if (path.length === 1 && (path[0] === 'kind' || path[0] === 'apiVersion')) continue;
        for (const value of CONFUSED) {
          const text = dump(replaced(original, path, value));
          const objects = extractObjects(parseYamlFile('f.yaml', text));
          const { errors } = runKubernetesRules(objects, kubernetesRules, DEFAULT_TEST_SETTINGS);
          expect(errors, `${path.join('.')} = ${JSON.stringify(value)}`).toEqual([]);
          variants++;
        }
      }
      expect(variants).toBeGreaterThan(40);
    });
  }

  it('Dockerfile rules survive every instruction truncated at every word', () => {
    const dockerfile = read('examples/demo-app/Dockerfile') + 'HEALTHCHECK CMD\nONBUILD RUN\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nSTOPSIGNAL\nVOLUME\nLABEL a\nARG\nENV\n';
    const lines = dockerfile.split('\n');
    let variants = 0;
    lines.forEach((line, i) => {
      const words = line.split(' ');
      for (let cut = 1; cut <= words.length; cut++) {
        const mutated = [...lines.slice(0, i), words.slice(0, cut).join(' '), ...lines.slice(i + 1)].join('\n');
        const { errors } = scanDockerfileText('Dockerfile', mutated, dockerfileRules, DEFAULT_TEST_SETTINGS);
        expect(errors.filter((e) => e.message.startsWith('rule ')), mutated).toEqual([]);
        variants++;
      }
    });
    expect(variants).toBeGreaterThan(50);
  });
});
