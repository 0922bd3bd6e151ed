import type { IgnoreDirective } from '../core/ignore-directive.js';
import type { SecretRule } from '../rules/secrets/index.js';
import { allowDirectivesOf, redactSecret, scanSecrets, secretHash } from '../secrets/engine/index.js';
import type { SecretDetector, SecretMatch } from '../secrets/types.js';
import type { RuleHit } from './rule-hit.js';

/** The prefilter automaton is cached per detectors array, so each rule selection maps to one stable array. */
const detectorArrays = new WeakMap<readonly SecretRule[], { detectors: SecretDetector[]; rules: Map<SecretDetector, SecretRule> }>();

function detectorsOf(rules: readonly SecretRule[]) {
  let entry = detectorArrays.get(rules);
  if (!entry) {
    entry = { detectors: rules.map((r) => r.detector), rules: new Map(rules.map((r) => [r.detector, r])) };
    detectorArrays.set(rules, entry);
  }
  return entry;
}

export function secretMessage(match: SecretMatch, where = ''): string {
  const encoded = match.encodings.length > 0 ? ` inside ${match.encodings.join(' inside ')}` : '';
  return `${match.detector.title}${encoded}${where}: ${redactSecret(match.secret)}, confirmed by ${match.confirmedBy}`;
}

/**
 * Secret findings of one text, as rule hits: the fingerprint is made of the secret's hash (with rule and file), so it
 * stays the same wherever the line moves and across commits, and a baseline of accepted historic leaks keeps working.
 */
export function secretHits(file: string, text: string, rules: readonly SecretRule[], where = ''): RuleHit[] {
  if (rules.length === 0) return [];
  const { detectors, rules: byDetector } = detectorsOf(rules);
  const matches = scanSecrets(text, { detectors });
  // `rampart:allow secret:x reason` reads like a `secret: value` assignment to the generic detector.
  const directiveLines = new Set(matches.length > 0 ? secretAllowDirectives(text).map((d) => d.line) : []);
  return matches.filter((m) => !directiveLines.has(m.line)).map((match) => secretHit(file, match, byDetector.get(match.detector)!, where));
}

export function secretHit(file: string, match: SecretMatch, rule: SecretRule, where = ''): RuleHit {
  return {
    meta: rule.meta,
    message: secretMessage(match, where),
    location: { file, startLine: match.line, startColumn: match.column, endLine: match.endLine, endColumn: match.endColumn },
    identity: secretHash(match.secret),
    secret: {
      redacted: redactSecret(match.secret),
      confirmedBy: match.confirmedBy,
      ...(match.encodings.length > 0 ? { encodings: [...match.encodings] } : {}),
    },
  };
}

/** `rampart:allow secret:<id> reason` comments, which suppress like `rampart:ignore` does. */
export function secretAllowDirectives(text: string): IgnoreDirective[] {
  return text.includes('rampart:allow') ? allowDirectivesOf(text) : [];
}
