import { describe, expect, it } from 'vitest';
import { listValue, parseFeatureGates, parseFlags, parseGoBool } from './flags.js';

const BOOLEANS = new Set(['profiling', 'anonymous-auth']);

describe('parseFlags', () => {
  it('reads --name=value, --name value, -name, and boolean flags that take no separate value', () => {
    const parsed = parseFlags(['--a=1', '--b', '2', '-c=3', '--profiling', 'false', '--anonymous-auth=false', '--empty=', '--eq=x=y'], BOOLEANS);
    expect(parsed.flags.map((f) => [f.name, f.value, f.index])).toEqual([
      ['a', '1', 0],
      ['b', '2', 1],
      ['c', '3', 3],
      ['profiling', 'true', 4],
      ['anonymous-auth', 'false', 6],
      ['empty', '', 7],
      ['eq', 'x=y', 8],
    ]);
    expect(parsed.positionals).toEqual(['false']);
    expect(parsed.errors).toEqual([]);
  });

  it('stops at -- and reports a flag missing its value', () => {
    expect(parseFlags(['server', '--', '--x=1'], BOOLEANS)).toEqual({ flags: [], positionals: ['server', '--x=1'], errors: [] });
    expect(parseFlags(['--data-dir'], BOOLEANS).errors).toEqual(['flag --data-dir needs a value']);
  });

  it('keeps every occurrence in order, so the caller applies last-wins', () => {
    expect(parseFlags(['--x=1', '--x=2'], BOOLEANS).flags.map((f) => f.value)).toEqual(['1', '2']);
  });
});

describe('values', () => {
  it('reads booleans as Go does', () => {
    expect(['1', 't', 'TRUE', 'True'].map(parseGoBool)).toEqual([true, true, true, true]);
    expect(['0', 'f', 'false'].map(parseGoBool)).toEqual([false, false, false]);
    expect(['yes', '', 'tRuE'].map(parseGoBool)).toEqual([undefined, undefined, undefined]);
  });
  it('reads lists and feature gates', () => {
    expect(listValue(' Node, RBAC ,,')).toEqual(['Node', 'RBAC']);
    expect([...parseFeatureGates('A=true, B=false,broken')]).toEqual([['A', 'true'], ['B', 'false']]);
  });
});
