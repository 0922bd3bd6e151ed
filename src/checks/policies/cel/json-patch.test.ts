import { describe, expect, it } from 'vitest';
import { applyJsonPatch, JsonPatchError, JsonPatchTestFailed, type JsonPatchOperation } from '../../../core/json-patch.js';
import { diffJson } from './json-patch.js';

/** RFC 6902 appendix A, and the errors it requires. */
describe('applyJsonPatch', () => {
  it.each<[string, unknown, JsonPatchOperation[], unknown]>([
    ['A.1 adds an object member', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { baz: 'qux', foo: 'bar' }],
    ['A.2 adds an array element', { foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }], { foo: ['bar', 'qux', 'baz'] }],
    ['A.3 removes an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
    ['A.4 removes an array element', { foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }], { foo: ['bar', 'baz'] }],
    ['A.5 replaces a value', { baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }], { baz: 'boo', foo: 'bar' }],
    ['A.6 moves a value', { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } }, [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } }],
    ['A.7 moves an array element', { foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }], { foo: ['all', 'cows', 'eat', 'grass'] }],
    ['A.8 tests a value', { baz: 'qux', foo: ['a', 2, 'c'] }, [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }], { baz: 'qux', foo: ['a', 2, 'c'] }],
    ['A.10 adds a nested member object', { foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }], { foo: 'bar', child: { grandchild: {} } }],
    ['A.14 escapes ~ and /', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }], { '/': 9, '~1': 10 }],
    ['A.16 adds an array value', { foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], { foo: ['bar', ['abc', 'def']] }],
    ['copies a value', { a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }], { a: { b: 1 }, c: { b: 1 } }],
  ])('%s', (_name, document, operations, expected) => {
    const before = structuredClone(document);
    expect(applyJsonPatch(document, operations)).toEqual(expected);
    expect(document).toEqual(before);
  });

  it.each<[string, unknown, JsonPatchOperation[], RegExp]>([
    ['A.9 a test that fails', { baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }], /test operation at \/baz failed/],
    ['A.12 adding to a missing parent', { foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }], /path not found/],
    ['A.15 a test comparing a string with a number', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }], /failed/],
    ['an index past the end', { foo: [1] }, [{ op: 'add', path: '/foo/2', value: 3 }], /out of bounds/],
    ['an index with a leading zero', { foo: [1, 2] }, [{ op: 'remove', path: '/foo/01' }], /not an array index/],
    ['replacing what is not there', { foo: 1 }, [{ op: 'replace', path: '/bar', value: 2 }], /path not found/],
    ['an unknown operation', {}, [{ op: 'merge', path: '/a' }], /unsupported operation/],
    ['a pointer without a leading slash', {}, [{ op: 'add', path: 'a', value: 1 }], /must start with \//],
    ['moving a value into itself', { a: { b: {} } }, [{ op: 'move', from: '/a', path: '/a/b/c' }], /into itself/],
    ['writing a prototype', {}, [{ op: 'add', path: '/__proto__', value: { polluted: true } }], /not a valid key/],
    ['walking an inherited member', {}, [{ op: 'add', path: '/constructor/x', value: 1 }], /path not found/],
  ])('refuses %s', (_name, document, operations, message) => {
    expect(() => applyJsonPatch(document, operations)).toThrow(JsonPatchError);
    expect(() => applyJsonPatch(document, operations)).toThrow(message);
  });

  it('tells a failed test apart from a broken patch, and treats a missing path as a failed test', () => {
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/b', value: 1 }])).toThrow(JsonPatchTestFailed);
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '/b' }])).not.toThrow(JsonPatchTestFailed);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('diffJson', () => {
  it('describes changes as operations that replay to the new object', () => {
    const before = { metadata: { labels: { a: '1', gone: 'x' } }, spec: { list: [1, 2], other: [1, 2] } };
    const after = { metadata: { labels: { a: '2', b: '3' } }, spec: { list: [1, 2, 3], other: [2] }, status: {} };
    const changes = diffJson(before, after);
    expect(changes).toEqual([
      { op: 'remove', path: ['metadata', 'labels', 'gone'] },
      { op: 'replace', path: ['metadata', 'labels', 'a'], value: '2' },
      { op: 'add', path: ['metadata', 'labels', 'b'], value: '3' },
      { op: 'add', path: ['spec', 'list', 2], value: 3 },
      { op: 'replace', path: ['spec', 'other'], value: [2] },
      { op: 'add', path: ['status'], value: {} },
    ]);
    const pointer = (path: ReadonlyArray<string | number>) => `/${path.join('/')}`;
    expect(applyJsonPatch(before, changes.map((c) => ({ ...c, path: pointer(c.path) })))).toEqual(after);
    expect(diffJson(after, structuredClone(after))).toEqual([]);
  });
});
