import { compareDigits, compareStrings, defineOrdering, type VersionOrdering } from './ordering.js';

/** apk-tools token kinds, in the order its comparison ranks them when two versions diverge. */
const enum Kind {
  InitialDigit,
  Digit,
  Letter,
  Suffix,
  SuffixNumber,
  CommitHash,
  Revision,
  End,
}

interface Token {
  kind: Kind;
  text: string;
  /** Suffix rank; pre-release suffixes are negative. */
  suffix: number;
}

const SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['alpha', -4],
  ['beta', -3],
  ['pre', -2],
  ['rc', -1],
  ['cvs', 1],
  ['svn', 2],
  ['git', 3],
  ['hg', 4],
  ['p', 5],
]);

const token = (kind: Kind, text = '', suffix = 0): Token => ({ kind, text, suffix });

/**
 * Tokenizes `digit{.digit}...{letter}{_suffix{number}}...{~hash}{-r#}` as apk-tools does, each
 * token allowed only after the kinds apk allows before it; undefined when apk would call it invalid.
 */
function tokenizeApk(version: string): Token[] | undefined {
  const initial = /^[0-9]+/.exec(version);
  if (!initial) return undefined;
  const tokens = [token(Kind.InitialDigit, initial[0])];
  let rest = version.slice(initial[0].length);
  let last = Kind.InitialDigit;
  while (rest !== '') {
    let match: RegExpExecArray | null;
    let next: Token;
    if ((match = /^[a-z]/.exec(rest)) && last <= Kind.Digit) next = token(Kind.Letter, match[0]);
    else if ((match = /^\.?([0-9]+)/.exec(rest)) && (last <= Kind.Digit || (last === Kind.Suffix && match[0][0] !== '.')))
      next = token(last === Kind.Suffix ? Kind.SuffixNumber : Kind.Digit, match[1]);
    else if ((match = /^_([a-z]*)/.exec(rest)) && last <= Kind.SuffixNumber && SUFFIXES.has(match[1]!))
      next = token(Kind.Suffix, match[1], SUFFIXES.get(match[1]!));
    else if ((match = /^~([0-9a-fA-F]+)/.exec(rest)) && last < Kind.CommitHash) next = token(Kind.CommitHash, match[1]);
    else if ((match = /^-r([0-9]+)/.exec(rest)) && last < Kind.Revision) next = token(Kind.Revision, match[1]);
    else return undefined;
    tokens.push(next);
    last = next.kind;
    rest = rest.slice(match[0].length);
  }
  tokens.push(token(Kind.End));
  return tokens;
}

function compareTokenValues(a: Token, b: Token): number {
  switch (a.kind) {
    case Kind.Digit:
      // A leading zero after a dot makes apk (like Gentoo) compare the digits as a string: 1.01 < 1.1.
      if (a.text[0] === '0' || b.text[0] === '0') return compareStrings(a.text, b.text);
      return compareDigits(a.text, b.text);
    case Kind.InitialDigit:
    case Kind.SuffixNumber:
    case Kind.Revision:
      return compareDigits(a.text, b.text);
    case Kind.Suffix:
      return a.suffix - b.suffix;
    default:
      return compareStrings(a.text, b.text);
  }
}

/**
 * apk_version_compare: walk tokens while both have the same kind; at the first divergence a
 * pre-release suffix (_alpha, _beta, _pre, _rc) loses, otherwise the version whose next token
 * ranks earlier (more version detail) wins, so 1.2 < 1.2-r1 < 1.2~hash < 1.2_p1 < 1.2a < 1.2.1.
 */
function compareApk(a: readonly Token[], b: readonly Token[]): number {
  let i = 0;
  while (a[i]!.kind === b[i]!.kind && a[i]!.kind !== Kind.End) {
    const result = compareTokenValues(a[i]!, b[i]!);
    if (result !== 0) return result;
    i++;
  }
  const x = a[i]!;
  const y = b[i]!;
  if (x.kind === y.kind) return 0;
  if (x.kind === Kind.Suffix && x.suffix < 0) return -1;
  if (y.kind === Kind.Suffix && y.suffix < 0) return 1;
  return y.kind - x.kind;
}

export const apkOrdering: VersionOrdering = defineOrdering(tokenizeApk, compareApk);
