import { describe, expect, it } from 'vitest';
import { applyPatch } from './apply-patch.js';

describe('applyPatch', () => {
  const object = { metadata: { labels: { a: '1' } }, spec: { containers: [{ name: 'a' }, { name: 'b' }] } };

  it('plays add, replace and remove in order on a copy', () => {
    const result = applyPatch(object, [
      { op: 'add', path: '/metadata/labels/team~1owner', value: 'shop' },
      { op: 'add', path: '/spec/containers/-', value: { name: 'c' } },
      { op: 'add', path: '/spec/containers/0', value: { name: 'first' } },
      { op: 'replace', path: '/spec/containers/1/name', value: 'A' },
      { op: 'remove', path: '/metadata/labels/a' },
    ]);
    expect(result).toEqual({ metadata: { labels: { 'team/owner': 'shop' } }, spec: { containers: [{ name: 'first' }, { name: 'A' }, { name: 'b' }, { name: 'c' }] } });
    expect(object.spec.containers).toHaveLength(2);
  });

  it.each([
    ['a missing parent', { op: 'add' as const, path: '/spec/volumes/0', value: {} }, /path not found/],
    ['an index past the end', { op: 'replace' as const, path: '/spec/containers/5', value: {} }, /out of bounds/],
    ['a replace of nothing', { op: 'replace' as const, path: '/metadata/name', value: 'x' }, /path not found/],
    ['a field named by the empty key', { op: 'replace' as const, path: '/', value: {} }, /path not found/],
    ['the whole object', { op: 'replace' as const, path: '', value: {} }, /whole object/],
    ['a path that is no pointer', { op: 'add' as const, path: 'metadata', value: {} }, /must start with \//],
  ])('refuses %s', (_name, op, message) => {
    expect(() => applyPatch(object, [op])).toThrow(message);
  });
});

describe('applyPatch and prototypes', () => {
  it('never walks into or writes a prototype', () => {
    const object = { metadata: { labels: {} } };
    expect(() => applyPatch(object, [{ op: 'add', path: '/__proto__/polluted', value: true }])).toThrow(/path not found/);
    expect(() => applyPatch(object, [{ op: 'add', path: '/metadata/__proto__', value: { polluted: true } }])).toThrow(/__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not take inherited keys for existing ones', () => {
    expect(() => applyPatch({ metadata: { labels: {} } }, [{ op: 'replace', path: '/metadata/labels/constructor', value: 'x' }])).toThrow(/path not found/);
  });
});
