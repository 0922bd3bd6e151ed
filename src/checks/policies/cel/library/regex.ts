import { CelScalar, celMethod, listType, type CelFunc } from '@bufbuild/cel';
import { RE2JS } from '@bufbuild/re2';
import { charge } from '../cost.js';

const { STRING, INT } = CelScalar;
const CACHE_LIMIT = 256;

/** A bounded cache: patterns are compiled once across requests, and a hostile set of patterns cannot grow it. */
function cached<T>(compile: (pattern: string) => T): (pattern: string) => T {
  const cache = new Map<string, T>();
  return (pattern) => {
    let compiled = cache.get(pattern);
    if (compiled === undefined) {
      compiled = compile(pattern);
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(pattern, compiled);
    }
    return compiled;
  };
}

const compileRe2 = cached((pattern) => RE2JS.compile(pattern));

/**
 * `find` needs match positions, which @bufbuild/re2 (a matcher that answers yes or no) does not give. The pattern
 * is checked as RE2 first, so the same patterns compile as in the apiserver, then run by JavaScript's engine with
 * RE2's leading flag groups as flags. A backtracking engine is exponential only on a quantified group that itself
 * contains a quantifier, so those patterns are refused rather than run on untrusted input.
 */
const compileFinder = cached((pattern) => {
  compileRe2(pattern);
  let body = pattern;
  let flags = 'gu';
  const leading = /^\(\?([imsU]+)\)/.exec(body);
  if (leading) {
    if (leading[1]!.includes('U')) throw new Error('the U flag is not supported by find()');
    flags += leading[1];
    body = body.slice(leading[0].length);
  }
  if (/\(\?[a-zA-Z]/.test(body.replace(/\(\?:/g, ''))) throw new Error('inline flags inside a pattern are not supported by find()');
  if (hasNestedQuantifier(body)) throw new Error('patterns with a repeated group that itself repeats are not supported by find() offline');
  return new RegExp(body.replace(/\\A/g, '^').replace(/\\z/g, '$(?![\\s\\S])'), flags);
});

/** Whether a quantifier applies to a group containing another quantifier: the shape that backtracks exponentially. */
function hasNestedQuantifier(pattern: string): boolean {
  const stack: boolean[] = [];
  let quantifiedInside = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i += 1;
    } else if (c === '[') {
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
    } else if (c === '(') {
      stack.push(quantifiedInside);
      quantifiedInside = false;
    } else if (c === ')') {
      const inner: boolean = quantifiedInside;
      quantifiedInside = stack.pop() ?? false;
      const next = pattern[i + 1];
      const quantified = next === '*' || next === '+' || next === '?' || next === '{';
      if (quantified && inner) return true;
      quantifiedInside = quantifiedInside || inner || quantified;
    } else if (c === '*' || c === '+' || c === '{' || (c === '?' && pattern[i - 1] !== '(')) {
      quantifiedInside = true;
    }
  }
  return false;
}

function findAll(text: string, pattern: string, limit: number): string[] {
  charge(text.length * Math.max(1, pattern.length));
  const regex = compileFinder(pattern);
  const found: string[] = [];
  regex.lastIndex = 0;
  while (limit < 0 || found.length < limit) {
    const match = regex.exec(text);
    if (!match) break;
    found.push(match[0]);
    if (match[0] === '') regex.lastIndex += 1;
  }
  return found;
}

/** Kubernetes' regex library: `find` and `findAll` (`matches` is CEL's own). */
export const regexFunctions: CelFunc[] = [
  celMethod('find', STRING, [STRING], STRING, function (pattern) {
    return findAll(this, pattern, 1)[0] ?? '';
  }),
  celMethod('findAll', STRING, [STRING], listType(STRING), function (pattern) {
    return findAll(this, pattern, -1);
  }),
  celMethod('findAll', STRING, [STRING, INT], listType(STRING), function (pattern, limit) {
    return findAll(this, pattern, Number(limit));
  }),
];

/** For CEL's `matches`: RE2 itself, through the same cache. */
export const re2 = {
  compile(pattern: string) {
    const compiled = compileRe2(pattern);
    return {
      test: (text: string) => {
        charge(text.length);
        return compiled.test(text);
      },
    };
  },
};
