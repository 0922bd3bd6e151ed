import { describe, expect, it } from 'vitest';
import { sourceOf, type Source, type SourceEntry } from '../sources/source.js';
import { loadObjects } from './objects.js';

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
