import { describe, expect, it } from 'vitest';
import { sourceOf, type Source, type SourceEntry } from '../sources/source.js';
import { isJsonManifest, parseYamlFile } from '../parsers/kubernetes/documents.js';
import { extractObjects } from '../parsers/kubernetes/objects.js';
import { loadObjects, manifestObjects } from './objects.js';

function source(name: string, entries: SourceEntry[], closed: string[]): Source {
  return {
    ...sourceOf('directory', name, async function* () {
      yield* entries;
    }),
    close: async () => {
      closed.push(name);
    },
  };
}

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\n';

describe('loadObjects', () => {
  it('keeps every object of every source whole, skips JSON that is no manifest, and closes each source', async () => {
    const closed: string[] = [];
    const { objects, errors } = await loadObjects([
      source('a', [{ type: 'text', file: 'pod.yaml', text: POD, kind: 'yaml' }, { type: 'text', file: 'package.json', text: '{"name": "x"}', kind: 'json' }], closed),
      source('b', [{ type: 'text', file: 'Dockerfile', text: 'FROM alpine\n', kind: 'dockerfile' }, { type: 'error', error: { file: 'big.yaml', message: 'too large', level: 'warning' } }], closed),
    ]);
    expect(objects.map((o) => [o.kind, o.name, o.namespace, o.locate(['spec']).location.file])).toEqual([['Pod', 'web', 'shop', 'pod.yaml']]);
    expect(errors).toEqual([{ file: 'big.yaml', message: 'too large', level: 'warning' }]);
    expect(closed).toEqual(['a', 'b']);
  });

  it('reports a broken manifest, and an input without objects as an error on the sources', async () => {
    const broken = await loadObjects([source('in', [{ type: 'text', file: 'bad.json', text: '{"kind": "Pod", ', kind: 'json' }], [])]);
    expect(broken.objects).toEqual([]);
    expect(broken.errors).toEqual([expect.objectContaining({ file: 'bad.json' })]);
    const empty = await loadObjects([source('scripts', [{ type: 'text', file: 'scripts/a.sh', text: 'echo\n', kind: 'other' }], [])]);
    expect(empty.errors).toEqual([{ file: 'scripts', message: 'no Kubernetes objects found in the input' }]);
  });
});

describe('manifestObjects on JSON', () => {
  const DUPLICATE = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "name": "q"}}';
  const texts = [
    '{"name": "pkg", "version": "1.0.0", "scripts": {"kind": "Secret"}}',
    '{"name": "pkg", "kind": 3}',
    '{"apiVersion": "v1"}',
    '{"\\u006bind": "Secret", "apiVersion": "v1", "metadata": {"name": "s"}, "data": {"a": "YQ=="}}',
    '[{"apiVersion": "v1", "kind": "Pod"}]',
    '"kind"',
    'null',
    DUPLICATE,
    '{"kind": "Pod", ',
    '{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}]}',
  ];

  it('judges every JSON text as the YAML parse does: objects and errors of manifests, nothing for other JSON', () => {
    for (const text of texts) {
      const parsed = parseYamlFile('f.json', text);
      const objects = extractObjects(parsed);
      const expected = isJsonManifest(parsed, objects.length) ? { objects: objects.map((o) => o.raw), errors: parsed.errors } : undefined;
      const result = manifestObjects('f.json', text, 'json');
      expect(result && { objects: result.objects.map((o) => o.raw), errors: result.parsed.errors }, text).toEqual(expected);
    }
  });

  it('reads a Secret and a List, and reports the duplicate key the native parser would take silently', () => {
    expect(manifestObjects('f.json', texts[3]!, 'json')?.objects.map((o) => o.kind)).toEqual(['Secret']);
    expect(manifestObjects('f.json', texts[9]!, 'json')?.objects.map((o) => o.name)).toEqual(['c']);
    expect(manifestObjects('f.json', DUPLICATE, 'json')?.parsed.errors).toEqual([expect.objectContaining({ file: 'f.json', message: expect.stringContaining('unique') })]);
    expect(manifestObjects('f.json', texts[0]!, 'json')).toBeUndefined();
  });
});
