import type { Severity } from '../../core/severity.js';

/** How a candidate was confirmed, strongest first; a finding reports the strongest that applied. */
export type Confirmation = 'checksum' | 'structure' | 'entropy' | 'keyword';

/** Equivalent rule IDs in peer tools, so users can migrate allow-lists and baselines. */
export interface SecretDetectorAliases {
  gitleaks?: string[];
  trufflehog?: string[];
}

/**
 * One detector, as data. The search (checks/secrets/search) runs the regex only on text that contains one of the keywords (case-insensitive),
 * so keywords must be literal substrings every true match contains or sits next to (a token prefix like `ghp_`, or a
 * context word like `aws_secret_access_key`).
 */
export interface SecretDetector {
  /** Stable, kebab-case; findings carry the rule ID `secret/<id>`. */
  id: string;
  title: string;
  severity: Severity;
  /** Lowercase literals; at least one. */
  keywords: string[];
  /**
   * Must define a named group `secret`: the part that is redacted and fingerprinted. The search adds the `g` flag and
   * never uses `y`; keep patterns linear (no nested quantifiers) so minified one-line files cannot stall a scan.
   */
  pattern: RegExp;
  /** Minimum Shannon entropy (bits per character) of the secret group; catches words in generic assignments. */
  minEntropy?: number;
  /**
   * Structural check beyond the regex (CRC32 of a GitHub token, a JWT header that decodes to JSON, a PEM body that
   * parses as a key). `false` rejects the candidate; a confirmation upgrades it.
   */
  validate?(secret: string, match: RegExpExecArray): Confirmation | false;
  /** Candidates whose secret matches any of these are dropped (documented example keys, test fixtures of the vendor). */
  allow?: RegExp[];
  /** Skip placeholder filtering (`xxxx`, `changeme`, `${VAR}`) for formats where such text cannot occur. */
  keepPlaceholders?: boolean;
  /**
   * Longest text one match can span, in characters (default 1,024). In large texts the search runs the pattern only
   * this far either side of a keyword hit; raise it for multi-line formats such as PEM blocks.
   */
  maxMatchLength?: number;
  /**
   * How far before a keyword hit the pattern may need text (default maxMatchLength): where its match starts, and what
   * its lookbehinds and `validate` read before that. A pattern whose match starts at its keyword needs only what
   * those read, and a large text's windows around a frequent keyword shrink to about half.
   */
  lookBack?: number;
  /**
   * A catch-all (a value assigned to `password`, credentials in a URL): its finding is dropped when a specific
   * detector found an overlapping secret, so one leaked token is reported once, under its real name.
   */
  generic?: boolean;
  /**
   * Why this finding matters, when it differs from the common reasoning (a key that is public by design, a severity
   * chosen against the vendor's documentation); shown as the rule's rationale.
   */
  rationale?: string;
  remediation: string;
  references?: string[];
  aliases?: SecretDetectorAliases;
}

/** A secret found in text; `line`/`column` are 1-based, columns in UTF-16 units like every other finding. */
export interface SecretMatch {
  detector: SecretDetector;
  /** The secret itself: never printed, only redacted or hashed. */
  secret: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  confirmedBy: Confirmation;
  /** `base64` or `hex` layers the secret was found under, outermost first; empty when it was in the clear. */
  encodings: Array<'base64' | 'hex'>;
}
