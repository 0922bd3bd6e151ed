import type { Severity } from '../../../core/severity.js';
import type { SecretDetector } from '../../secrets/types.js';
import { secretRule, type SecretRule } from './index.js';

/** A detector written in `rampart.yaml` under `secrets.detectors`, validated by the config loader. */
export interface CustomSecretDetector {
  id: string;
  title?: string;
  severity?: Severity;
  /** A regular expression; a named group `secret` marks the secret, otherwise the whole match is. */
  regex: string;
  keywords: string[];
  /** Minimum Shannon entropy, in bits per character. */
  entropy?: number;
  /** Regular expressions: a secret matching any of them is not reported. */
  allow?: string[];
}

/** Throws SyntaxError for an invalid pattern; the config loader turns it into a message with the line. */
export function compileCustomDetector(config: CustomSecretDetector): SecretDetector {
  const source = /\(\?<secret>/.test(config.regex) ? config.regex : `(?<secret>${config.regex})`;
  return {
    id: config.id,
    title: config.title ?? `Custom secret ${config.id}`,
    severity: config.severity ?? 'high',
    keywords: config.keywords.map((k) => k.toLowerCase()),
    pattern: new RegExp(source, 'g'),
    ...(config.entropy !== undefined ? { minEntropy: config.entropy } : {}),
    ...(config.allow?.length ? { allow: config.allow.map((a) => new RegExp(a)) } : {}),
    remediation: 'Rotate the credential and load it at runtime instead of committing it (detector defined in rampart.yaml).',
  };
}

export function customSecretRules(configs: readonly CustomSecretDetector[]): SecretRule[] {
  return configs.map((config) => secretRule(compileCustomDetector(config)));
}
