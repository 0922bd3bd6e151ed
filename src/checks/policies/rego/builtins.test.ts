import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST_BUILTINS, hostProvides, opaSprintf } from './builtins.js';
import { testOpa } from './testing/fixtures.js';

/** Each case is a call whose result opa itself computes (`opa eval`), so the host built-ins are held to OPA's answers. */
const cases: Array<[string, string, unknown[]]> = [
  ['sprintf', 'sprintf', ['%v|%v|%s|%d|%q|%v|%.2f|%x|%5d|%-4s|%05d', [['x', 1, 1.5], { k: 'v', a: [true, null] }, 'str', 42, 'q"', 1.5, 3.14159, 255, 7, 'ab', 42]]],
  ['sprintf', 'sprintf', ['%t and %v', [true, null]]],
  ['sprintf', 'sprintf', ['%v %v', [1]]],
  ['sprintf', 'sprintf', ['%v', [1, 2]]],
  ['sprintf', 'sprintf', ['%d %s %v', ['x', 1, 1000]]],
  ['sprintf', 'sprintf', ['100%% %v of %v', ['done', 0.1]]],
  ['sprintf', 'sprintf', ['<%v>', [{ nested: { b: 1, a: ['z'] } }]]],
  ['units.parse_bytes', 'units.parse_bytes', ['10Gi']],
  ['units.parse_bytes', 'units.parse_bytes', ['10GB']],
  ['units.parse_bytes', 'units.parse_bytes', ['5K']],
  ['units.parse_bytes', 'units.parse_bytes', ['4mb']],
  ['units.parse_bytes', 'units.parse_bytes', ['1.5KiB']],
  ['units.parse_bytes', 'units.parse_bytes', ['100']],
  ['units.parse_bytes', 'units.parse_bytes', ['12x']],
  ['units.parse', 'units.parse', ['10G']],
  ['units.parse', 'units.parse', ['500m']],
  ['units.parse', 'units.parse', ['1.5Ki']],
  ['units.parse', 'units.parse', ['2M']],
  ['units.parse', 'units.parse', ['250']],
  ['units.parse', 'units.parse', ['7q']],
  ['strings.any_prefix_match', 'strings.any_prefix_match', ['abc', ['x', 'a']]],
  ['strings.any_prefix_match', 'strings.any_prefix_match', [['x', 'y'], 'z']],
  ['strings.any_suffix_match', 'strings.any_suffix_match', ['abc', 'bc']],
  ['strings.any_suffix_match', 'strings.any_suffix_match', [['abc', 'def'], ['x']]],
  ['semver.is_valid', 'semver.is_valid', ['1.2.3']],
  ['semver.is_valid', 'semver.is_valid', ['v1.2.3']],
  ['semver.is_valid', 'semver.is_valid', ['1.2']],
  ['semver.compare', 'semver.compare', ['1.2.3', '1.10.0']],
  ['semver.compare', 'semver.compare', ['2.0.0', '2.0.0-rc.1']],
  ['trace', 'trace', ['note']],
];

function ours(name: string, args: unknown[]): unknown {
  return name === 'sprintf' ? opaSprintf(args[0], args[1]) : HOST_BUILTINS[name]!(...args);
}

describe('host built-ins', () => {
  it('give the answers opa gives, undefined where opa is undefined', () => {
    const module = ['package t', ...cases.map(([, name, args], i) => `r${i} := ${name}(${args.map((arg) => JSON.stringify(arg)).join(', ')})`)].join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'rampart-rego-builtins-'));
    writeFileSync(join(dir, 't.rego'), module);
    const evaluated = JSON.parse(execFileSync(testOpa(), ['eval', '--format', 'json', '-d', join(dir, 't.rego'), 'data.t'], { encoding: 'utf8' })) as {
      result: Array<{ expressions: Array<{ value: Record<string, unknown> }> }>;
    };
    rmSync(dir, { recursive: true });
    const expected = evaluated.result[0]!.expressions[0]!.value;
    const undefinedCount = cases.filter((_, i) => !(`r${i}` in expected)).length;
    expect(undefinedCount).toBe(2); // the two malformed quantities
    cases.forEach(([label, name, args], i) => {
      expect(ours(name, args), `${label}(${JSON.stringify(args)})`).toEqual(expected[`r${i}`]);
    });
  });

  it('covers what opa-wasm lacks and nothing opa forbids', () => {
    expect(hostProvides('units.parse_bytes')).toBe(true);
    expect(hostProvides('sprintf')).toBe(true);
    expect(hostProvides('http.send')).toBe(false);
    expect(typeof HOST_BUILTINS['time.now_ns']!()).toBe('number');
  });
});

describe('sprintf limits', () => {
  it('caps widths and precisions a policy could use to exhaust memory or throw', () => {
    expect(opaSprintf('%999999999s|', ['x'])).toHaveLength(1025);
    expect(opaSprintf('%.500f', [1.5])).toBe((1.5).toFixed(100));
  });
});
