import { describe, expect, it } from 'vitest';
import { CelEvaluationError, compileExpression } from './environment.js';
import { CelSyntaxError } from './syntax.js';
import { isCelList, isCelMap, isCelUint, type CelValue } from '@bufbuild/cel';
import { toCel } from './values.js';
import { PolicyBudget } from './cost.js';

/** A CEL value as JSON-like JavaScript, for messages, annotations and tests. */
function fromCel(value: CelValue): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (isCelUint(value)) return Number(value.value);
  if (isCelList(value)) return [...value].map(fromCel);
  if (isCelMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(isCelUint(k) ? k.value : k)] = fromCel(v);
    return out;
  }
  return value;
}

const object = {
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { replicas: 3, ratio: 0.5, containers: [{ name: 'a', image: 'nginx:1.25' }, { name: 'b', image: 'ghcr.io/acme/b@sha256:abc' }] },
};

function run(expression: string, bindings: Record<string, unknown> = { object }): unknown {
  const compiled = compileExpression(expression);
  return fromCel(new PolicyBudget(1_000_000).run(() => compiled(Object.fromEntries(Object.entries(bindings).map(([k, v]) => [k, toCel(v)])))));
}

describe('the Kubernetes CEL environment', () => {
  it.each([
    // JSON numbers are ints when whole, as the apiserver decodes them
    ['object.spec.replicas + 1', 4],
    ['object.spec.ratio * 2.0', 1],
    ['object.spec.replicas == 3', true],
    // standard macros
    ["object.spec.containers.all(c, c.image.contains(':') || c.image.contains('@'))", true],
    ["object.spec.containers.exists(c, c.name == 'b')", true],
    ["object.spec.containers.exists_one(c, c.name.startsWith('a'))", true],
    ['object.spec.containers.map(c, c.name)', ['a', 'b']],
    ["object.spec.containers.filter(c, c.image.endsWith('1.25')).size()", 1],
    ['has(object.spec.replicas) && !has(object.spec.paused)', true],
    // strings extension
    ["'Hello'.lowerAscii() + 'x'.upperAscii()", 'helloX'],
    ["'a,b,c'.split(',')", ['a', 'b', 'c']],
    ["['a', 'b'].join('-')", 'a-b'],
    ["'  x '.trim()", 'x'],
    ["'abcdef'.substring(1, 3)", 'bc'],
    ["'abcabc'.indexOf('c')", 2],
    ["'aaa'.replace('a', 'b', 2)", 'bba'],
    ["'%s has %d replicas'.format([object.metadata.name, object.spec.replicas])", 'web has 3 replicas'],
    // regex
    ["object.spec.containers[0].image.matches('^nginx:[0-9.]+$')", true],
    ["'image: nginx:1.25'.find('[0-9]+')", '1'],
    ["'a1b22c333'.findAll('[0-9]+')", ['1', '22', '333']],
    ["'a1b22c333'.findAll('[0-9]+', 2)", ['1', '22']],
    ["'abc'.find('x')", ''],
    // lists
    ['[1, 2, 3].isSorted() && ![2, 1].isSorted()', true],
    ['[1, 2, 3].sum()', 6],
    ['[3, 1, 2].min()', 1],
    ["['b', 'c', 'a'].max()", 'c'],
    ['[1, 2, 1].indexOf(1)', 0],
    ['[1, 2, 1].lastIndexOf(1)', 2],
    ['[1, 2].indexOf(5)', -1],
    ['sets.contains([1, 2, 3], [2]) && sets.intersects([1], [1, 4]) && sets.equivalent([1, 2], [2, 1, 1])', true],
    // optionals
    ['object.?spec.?paused.orValue(false)', false],
    ['object.?spec.replicas.orValue(0)', 3],
    ['object.?spec.missing.deeper.orValue(7)', 7],
    ["object.metadata.labels[?'app'].orValue('none')", 'web'],
    ["object.metadata.labels[?'tier'].hasValue()", false],
    ['object.spec.containers[?5].hasValue()', false],
    ['optional.of(1).value() + optional.none().orValue(2)', 3],
    ["optional.ofNonZeroValue('').hasValue()", false],
    ['optional.none().or(optional.of(4)).value()', 4],
    ['object.?spec.replicas == optional.of(3)', true],
    // quantity
    ["quantity('1Gi').isGreaterThan(quantity('1000Mi'))", true],
    ["quantity('500m').add(quantity('1')).compareTo(quantity('1500m'))", 0],
    ["quantity('1k').asInteger()", 1000],
    ["quantity('1.5').isInteger()", false],
    ["quantity('2').sub(3).sign()", -1],
    ["quantity('100m').asApproximateFloat()", 0.1],
    ["isQuantity('1Gi') && !isQuantity('1gb')", true],
    ["quantity('1') == quantity('1000m')", true],
    // IP and CIDR
    ["ip('10.0.0.1').family() == 4 && ip('::1').isLoopback()", true],
    ["cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP(ip('11.0.0.1'))", true],
    ["cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16')", true],
    ["cidr('192.168.1.7/24').masked().string()", '192.168.1.0/24'],
    ["cidr('2001:db8::/32').prefixLength()", 32],
    ["isIP('1.2.3') || isIP('::ffff:1.2.3.4') || isIP('01.2.3.4')", false],
    ["ip.isCanonical('2001:db8::1') && !ip.isCanonical('2001:DB8::1')", true],
    ["ip('169.254.1.1').isLinkLocalUnicast() && ip('8.8.8.8').isGlobalUnicast()", true],
    ["string(ip('2001:db8:0:0:1:0:0:1'))", '2001:db8::1:0:0:1'],
    // semver
    ["semver('1.2.3').isLessThan(semver('1.10.0'))", true],
    ["semver('v1.2', true).patch()", 0],
    ["isSemver('1.2.3-rc.1') && !isSemver('v1.2.3') && !isSemver('1.2')", true],
    ["semver('2.0.0').major()", 2],
    // URLs
    ["url('https://example.com:8443/a/b?x=1&x=2').getHost()", 'example.com:8443'],
    ["url('https://example.com/a').getScheme()", 'https'],
    ["url('https://example.com/a?x=1&x=2').getQuery()['x']", ['1', '2']],
    ["url('/healthz').getEscapedPath()", '/healthz'],
    ["isURL('https://x.io') && !isURL('not a url')", true],
    // optional syntax inside strings and comments is left alone
    ["'x.?y' + \"z[?1]\" // a.?b", 'x.?yz[?1]'],
    ["'ABC'.find('(?i)b')", 'B'],
  ])('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  it.each([
    ['object.spec.missing', /no such key|not found/],
    ['object.spec.containers[5]', /index|out of range|bounds/i],
    ['optional.none().value()', /optional.none\(\) dereference/],
    ["quantity('1gb')", /quantities must match/],
    ["ip('::ffff:1.2.3.4')", /parse error/],
    ["cidr('10.0.0.0/33')", /parse error/],
    ["semver('v1.2.3')", /could not parse/],
    ["[].min()", /empty list/],
    ["'x'.find('(a+)+b')", /not supported/],
    ["'x'.matches('(?<=a)b')", /.+/],
  ])('%s is an evaluation error', (expression, message) => {
    expect(() => run(expression)).toThrow(CelEvaluationError);
    expect(() => run(expression)).toThrow(message);
  });

  it.each([
    ['object.spec.', /<input>:1:12/],
    ["object.?spec.x ?? 'a'", /<input>:1:/],
    ['[?', /<input>:1:/],
    ["{?'a' 1}", /<input>:1:/],
    ['Object{}', /<input>:1:\d+: undeclared reference to 'Object'/],
  ])('%s does not compile', (expression, message) => {
    expect(() => compileExpression(expression)).toThrow(CelSyntaxError);
    expect(() => compileExpression(expression)).toThrow(message);
  });

  it('maps parse errors after optional syntax to the original columns', () => {
    expect(() => compileExpression('object.?spec.?x +')).toThrow(/<input>:1:1[78]/);
  });

  it('stops a runaway comprehension at the cost limit, even when || would absorb the error', () => {
    const items = Array.from({ length: 200 }, (_, i) => i);
    const runaway = 'object.items.all(a, object.items.all(b, object.items.all(c, a + b + c >= 0))) || true';
    const compiled = compileExpression(runaway);
    const bindings = { object: toCel({ items }) };
    expect(() => new PolicyBudget(1_000_000).run(() => compiled(bindings))).toThrow(/actual cost limit exceeded/);
    expect(new PolicyBudget(1_000_000).run(() => compileExpression('object.items.all(a, a >= 0)')(bindings))).toBe(true);
  });

  it('charges one policy budget across its expressions', () => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const compiled = compileExpression('object.items.all(a, object.items.exists(b, b == a))');
    const bindings = { object: toCel({ items }) };
    const budget = new PolicyBudget(Number.MAX_SAFE_INTEGER);
    expect(() => {
      for (let i = 0; i < 100; i++) budget.run(() => compiled(bindings));
    }).toThrow(/running out of cost budget/);
  });
});
