import { describe, expect, it } from 'vitest';
import { applyJsonPatch, type AnyPatchOperation } from './apply-json-patch.js';

/** RFC 6902 appendix A, the examples that apply and the ones that must fail. */
describe('applyJsonPatch (the test-only RFC 6902 applier)', () => {
  const cases: Array<[string, unknown, AnyPatchOperation[], unknown]> = [
    ['A.1 adds an object member', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { baz: 'qux', foo: 'bar' }],
    ['A.2 adds an array element', { foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }], { foo: ['bar', 'qux', 'baz'] }],
    ['A.3 removes an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
    ['A.4 removes an array element', { foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }], { foo: ['bar', 'baz'] }],
    ['A.5 replaces a value', { baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }], { baz: 'boo', foo: 'bar' }],
    [
      'A.6 moves a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    ['A.7 moves an array element', { foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }], { foo: ['all', 'cows', 'eat', 'grass'] }],
    ['A.8 tests a value', { baz: 'qux', foo: ['a', 2, 'c'] }, [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }], { baz: 'qux', foo: ['a', 2, 'c'] }],
    ['A.10 adds a nested member object', { foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }], { foo: 'bar', child: { grandchild: {} } }],
    ['A.14 escapes ~ and /', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }, { op: 'add', path: '/a~1b', value: 1 }], { '/': 9, '~1': 10, 'a/b': 1 }],
    ['A.16 appends with -', { foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], { foo: ['bar', ['abc', 'def']] }],
    ['copies a value', { a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }], { a: { b: 1 }, c: { b: 1 } }],
  ];
  it.each(cases)('%s', (_name, input, patch, expected) => {
    const before = structuredClone(input);
    expect(applyJsonPatch(input, patch)).toEqual(expected);
    expect(input).toEqual(before);
  });

  const failures: Array<[string, unknown, AnyPatchOperation[], RegExp]> = [
    ['A.9 a failed test', { baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }], /test failed/],
    ['A.12 adding to a missing parent', { foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }], /no member "baz"/],
    ['A.15 a test comparing a string with a number', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }], /test failed/],
    ['replacing a missing member', { foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 1 }], /no member "baz"/],
    ['an index past the end', { foo: [] }, [{ op: 'add', path: '/foo/1', value: 1 }], /past the end/],
    ['an index with a leading zero', { foo: [1, 2] }, [{ op: 'replace', path: '/foo/01', value: 1 }], /not an array index/],
    ['a pointer without a leading slash', { foo: 1 }, [{ op: 'add', path: 'foo', value: 1 }], /not a JSON pointer/],
    ['a bad escape', { foo: 1 }, [{ op: 'add', path: '/a~2', value: 1 }], /bad escape/],
    ['moving a location into its child', { a: { b: {} } }, [{ op: 'move', from: '/a', path: '/a/b/c' }], /children/],
    ['adding below a scalar', { a: 'x' }, [{ op: 'add', path: '/a/b', value: 1 }], /neither an object nor an array/],
  ];
  it.each(failures)('refuses %s', (_name, input, patch, message) => {
    expect(() => applyJsonPatch(input, patch)).toThrow(message);
  });
});
