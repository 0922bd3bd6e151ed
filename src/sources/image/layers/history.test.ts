import { describe, expect, it } from 'vitest';
import { cleanCreatedBy, describeLayers, layerHistory } from './history.js';

describe('cleanCreatedBy', () => {
  it('reads like the Dockerfile line', () => {
    expect(cleanCreatedBy('/bin/sh -c #(nop)  CMD ["bash"]')).toBe('CMD ["bash"]');
    expect(cleanCreatedBy('/bin/sh -c #(nop) ADD file:abc in / ')).toBe('ADD file:abc in /');
    expect(cleanCreatedBy('/bin/sh -c apt-get update && apt-get install -y curl')).toBe('RUN apt-get update && apt-get install -y curl');
    expect(cleanCreatedBy('RUN /bin/sh -c apt-get update # buildkit')).toBe('RUN apt-get update');
    expect(cleanCreatedBy('|2 A=1 B=2 /bin/sh -c make')).toBe('RUN make');
    expect(cleanCreatedBy('RUN |1 VERSION=3 /bin/sh -c echo $VERSION # buildkit')).toBe('RUN echo $VERSION');
    expect(cleanCreatedBy('COPY app /app # buildkit')).toBe('COPY app /app');
    expect(cleanCreatedBy('RUN ["make"]')).toBe('RUN ["make"]');
  });
});

describe('layerHistory', () => {
  const config = {
    rootfs: { type: 'layers', diff_ids: ['sha256:d1', 'sha256:d2'] },
    history: [
      { created_by: '/bin/sh -c #(nop) ADD file:x in /', created: '2024-01-01T00:00:00Z' },
      { created_by: '/bin/sh -c #(nop)  ENV A=1', empty_layer: true },
      { created_by: 'RUN /bin/sh -c make # buildkit', comment: 'buildkit.dockerfile.v0' },
      { created_by: '/bin/sh -c #(nop)  CMD ["sh"]', empty_layer: true },
    ],
  };

  it('skips empty_layer entries and pairs the rest with diff IDs', () => {
    expect(layerHistory(config)).toEqual([
      { createdBy: 'ADD file:x in /', created: '2024-01-01T00:00:00Z', diffId: 'sha256:d1' },
      { createdBy: 'RUN make', comment: 'buildkit.dockerfile.v0', diffId: 'sha256:d2' },
    ]);
  });

  it('copes with configs that lack history, diff IDs or have junk in them', () => {
    expect(layerHistory({})).toEqual([]);
    expect(layerHistory({ rootfs: { type: 'layers', diff_ids: ['sha256:d1'] } })).toEqual([{ diffId: 'sha256:d1' }]);
    expect(layerHistory({ history: [null, { created_by: 5 }] as never })).toEqual([{}]);
  });

  it('fills descriptors without overriding what they already say', () => {
    const layers = describeLayers(config, [
      { digest: 'sha256:a', mediaType: 'x', size: 1 },
      { digest: 'sha256:b', mediaType: 'x', size: 1, createdBy: 'known' },
      { digest: 'sha256:c', mediaType: 'x', size: 1 },
    ]);
    expect(layers.map((layer) => [layer.diffId, layer.createdBy])).toEqual([
      ['sha256:d1', 'ADD file:x in /'],
      ['sha256:d2', 'known'],
      [undefined, undefined],
    ]);
  });
});
