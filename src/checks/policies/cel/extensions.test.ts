import { describe, expect, it } from 'vitest';
import { isCelList, isCelMap, isCelUint, type CelValue } from '@bufbuild/cel';
import { compileExpression, POLICY_VARIABLES } from './environment.js';
import { PolicyBudget } from './cost.js';
import { CelSyntaxError } from './syntax.js';
import { toCel } from './values.js';

function fromCel(value: CelValue): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (isCelUint(value)) return Number(value.value);
  if (isCelList(value)) return [...value].map(fromCel);
  if (isCelMap(value)) return Object.fromEntries([...value].map(([k, v]) => [String(isCelUint(k) ? k.value : k), fromCel(v)]));
  return value;
}

const object = { metadata: { name: 'web', labels: { app: 'web', tier: 'front' } }, spec: { containers: [{ name: 'a', image: 'x:1' }, { name: 'b', image: 'y:2' }] } };

function run(expression: string, mutating = false): unknown {
  const compiled = compileExpression(expression, POLICY_VARIABLES, { mutating });
  return fromCel(new PolicyBudget(1_000_000).run(() => compiled({ object: toCel(object) })));
}

describe('the CEL extensions Kubernetes enables beyond @bufbuild/cel', () => {
  it.each([
    // optional list elements and map entries
    ['[1, ?optional.none(), ?optional.of(3)]', [1, 3]],
    ['[?object.?spec.missing, ?object.?metadata.name]', ['web']],
    ["{'a': 1, ?'b': optional.none(), ?'c': optional.of(2)}", { a: 1, c: 2 }],
    ["{?'x': object.metadata.?labels.?app}", { x: 'web' }],
    ["'a' in {'a': [?optional.none()]}", true],
    // two-variable comprehensions
    ['object.spec.containers.all(i, c, c.name.size() == 1 && i < 2)', true],
    ["object.metadata.labels.exists(k, v, k == 'tier' && v == 'front')", true],
    ["object.metadata.labels.existsOne(k, v, v.startsWith('w'))", true],
    ["object.spec.containers.transformList(i, c, string(i) + ':' + c.name)", ['0:a', '1:b']],
    ["object.spec.containers.transformList(i, c, i > 0, c.name)", ['b']],
    ['object.metadata.labels.transformMap(k, v, v.upperAscii())', { app: 'WEB', tier: 'FRONT' }],
    ["object.metadata.labels.transformMap(k, v, k != 'app', v + '!')", { tier: 'front!' }],
    ['object.metadata.labels.transformMapEntry(k, v, {v: k})', { web: 'app', front: 'tier' }],
    ['[[1, 2], [3]].all(i, l, l.all(j, x, x > i))', true],
    // the lists extension
    ['lists.range(3)', [0, 1, 2]],
    ['[3, 1, 2, 1].distinct()', [3, 1, 2]],
    ['[[1], [2, [3]]].flatten()', [1, 2, [3]]],
    ['[[1], [2, [3]]].flatten(2)', [1, 2, 3]],
    ['[1, 2, 3].reverse()', [3, 2, 1]],
    ['[1, 2, 3].slice(1, 3)', [2, 3]],
    ["['b', 'c', 'a'].sort()", ['a', 'b', 'c']],
    ['object.spec.containers.sortBy(c, c.image).map(c, c.name)', ['a', 'b']],
    ["object.spec.containers.sortBy(c, c.name == 'a' ? 2 : 1).map(c, c.name)", ['b', 'a']],
  ])('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  it('builds Object and JSONPatch literals only in a mutating policy', () => {
    expect(run("Object{metadata: Object.metadata{labels: {'team': 'a'}, ?annotations: optional.none()}}", true)).toEqual({ metadata: { labels: { team: 'a' } } });
    expect(run("[JSONPatch{op: 'add', path: '/metadata/labels/' + jsonpatch.escapeKey('a/b~c'), value: 'x'}]", true))
      .toEqual([{ op: 'add', path: '/metadata/labels/a~1b~0c', value: 'x' }]);
    expect(() => run('Object{}')).toThrow(/undeclared reference to 'Object'/);
    expect(() => run("jsonpatch.escapeKey('a')")).toThrow(CelSyntaxError);
  });

  it('reports errors of the extensions as CEL does', () => {
    expect(() => run("object.metadata.labels.transformMapEntry(k, v, {'same': v})")).toThrow(/already exists/);
    expect(() => run('[1].all(x, x, true)')).toThrow(/duplicate variable name/);
    // Kubernetes 1.37 declares neither cel.bind nor math: the apiserver rejects them when the policy is created.
    expect(() => run('cel.bind(x, 1, x + 1)')).toThrow(/undeclared reference to 'cel.bind'/);
    expect(() => run('math.greatest(1, 2)')).toThrow(/undeclared reference to 'math.greatest'/);
    expect(() => run('[?1]')).toThrow(/optional/);
    expect(() => run('[1, 2].slice(1, 3)')).toThrow(/list is length 2/);
    expect(() => run("[1, 'a'].sort()")).toThrow(/same, comparable type/);
    expect(() => run('lists.range(-1)')).toThrow(/negative/);
  });
});
