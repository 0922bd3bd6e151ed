import type { IgnoreDirective, IgnoreSpec } from '../core/ignore-directive.js';
import { secretRules, type SecretRule } from '../checks/rules/secrets/index.js';
import { allowDirectiveFor, allowDirectivesOf, redactSecret, scanSecrets, secretHash } from '../checks/secrets/search/index.js';
import type { SecretDetector, SecretMatch } from '../checks/secrets/types.js';
import type { RuleHit } from '../core/rule-hit.js';

function secretMessage(match: SecretMatch, where = ''): string {
  const encoded = match.encodings.length > 0 ? ` inside ${match.encodings.join(' inside ')}` : '';
  return `${match.detector.title}${encoded}${where}: ${redactSecret(match.secret)}, confirmed by ${match.confirmedBy}`;
}

/**
 * A copy that owns its characters: V8 builds slices and concatenations as views of their source, so a short message
 * about a secret would otherwise keep the whole scanned file alive until the report is written.
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

function secretHit(file: string, match: SecretMatch, rule: SecretRule, where = ''): RuleHit {
  const redacted = detached(redactSecret(match.secret));
  return {
    meta: rule.meta,
    message: detached(secretMessage(match, where)),
    location: { file, startLine: match.line, startColumn: match.column, endLine: match.endLine, endColumn: match.endColumn },
    identity: secretHash(match.secret),
    secret: {
      redacted,
      confirmedBy: match.confirmedBy,
      ...(match.encodings.length > 0 ? { encodings: [...match.encodings] } : {}),
    },
  };
}

/** `rampart:allow secret/<id> reason` comments, which suppress like `rampart:ignore` does. */
function secretAllowDirectives(text: string): IgnoreDirective[] {
  return text.includes('rampart:allow') ? allowDirectivesOf(text) : [];
}

/**
 * Runs the selected detectors and turns matches into rule hits. `rampart:allow` comments are resolved per match while
 * the text is at hand, because history and image scans see many versions of one path and no single text to look up later.
 */
export class SecretSearch {
  private readonly detectors: SecretDetector[];
  private readonly rules: Map<SecretDetector, SecretRule>;
  private readonly allowed = new WeakMap<SecretMatch, IgnoreSpec>();

  constructor(rules: readonly SecretRule[]) {
    // One array for the whole run: the search (scanSecrets) caches its keyword automaton per detectors array.
    this.detectors = rules.map((r) => r.detector);
    this.rules = new Map(rules.map((r) => [r.detector, r]));
  }

  /** False when no secret rule is selected: nothing is searched. */
  get active(): boolean {
    return this.detectors.length > 0;
  }

  /** Also the scan function of the git walkers. */
  readonly scan = (text: string): SecretMatch[] => {
    if (this.detectors.length === 0) return [];
    const matches = scanSecrets(text, { detectors: this.detectors });
    if (matches.length === 0) return matches;
    const directives = secretAllowDirectives(text);
    // `rampart:allow secret:x reason` (the former ID spelling) reads like a `secret: value` assignment to the generic detector.
    const directiveLines = new Set(directives.map((d) => d.line));
    const kept = matches.filter((m) => !directiveLines.has(m.line));
    for (const match of kept) {
      const { meta } = this.rules.get(match.detector)!;
      const directive = allowDirectiveFor(directives, meta.id, meta.formerIds ?? [], match.line);
      if (directive) this.allowed.set(match, { ruleIds: [meta.id], reason: directive.reason });
    }
    return kept;
  };

  hit(file: string, match: SecretMatch, where = ''): RuleHit {
    const hit = secretHit(file, match, this.rules.get(match.detector)!, where);
    const allow = this.allowed.get(match);
    return allow ? { ...hit, renderedIgnores: [allow] } : hit;
  }

  /** The text with every secret in it redacted; undefined when one is there encoded and cannot be cut out. */
  redact(text: string): string | undefined {
    let redacted = text;
    for (const match of this.scan(text)) {
      if (match.encodings.length > 0) return undefined;
      redacted = redacted.split(match.secret).join(redactSecret(match.secret));
    }
    return redacted;
  }

  hits(file: string, text: string, where = ''): RuleHit[] {
    return this.scan(text).map((match) => this.hit(file, match, where));
  }
}

let defaultSearch: SecretSearch | undefined;

/**
 * `text` with every secret the built-in detectors find replaced by its redacted form (image history lines end up in
 * vulnerability locations); undefined when a secret sits inside an encoding and cannot be cut out.
 */
export function redactSecrets(text: string): string | undefined {
  defaultSearch ??= new SecretSearch(secretRules);
  return defaultSearch.redact(text);
}
