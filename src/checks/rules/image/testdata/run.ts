import { readFileSync } from 'node:fs';
import type { RuleSettings } from '../../../../core/settings.js';
import { runImageConfigRules } from '../../../../pipeline/image-config.js';
import type { ImageConfig } from '../../../../sources/image/types.js';
import { DEFAULT_TEST_SETTINGS } from '../../../../testing/kubernetes.js';
import type { ImageRule } from '../rule.js';

export type ImageFixture = 'nginx-classic' | 'nginx-unprivileged-classic' | 'app-buildkit';

export interface ImageTestHit {
  ruleId: string;
  message: string;
  line: number;
  fieldPath: string | undefined;
}

/** A config as a registry serves it (JSON text, parsed): extra fields and all. */
export function loadConfig(fixture: ImageFixture): ImageConfig {
  return JSON.parse(readFileSync(new URL(`./${fixture}.json`, import.meta.url), 'utf8')) as ImageConfig;
}

/** Runs one rule on a config (or a fixture), failing the test on a rule error. */
export function runImageRule(rule: ImageRule, config: ImageConfig | ImageFixture, settings: Partial<RuleSettings> = {}): ImageTestHit[] {
  const parsed = typeof config === 'string' ? loadConfig(config) : config;
  const { hits, errors } = runImageConfigRules('registry.example/app:1.0', parsed, [rule], { ...DEFAULT_TEST_SETTINGS, ...settings });
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
  return hits.map((h) => ({ ruleId: h.meta.id, message: h.message, line: h.location.startLine, fieldPath: h.fieldPath }));
}

/** A config with only the given history lines, for one-step cases. */
export function withHistory(...createdBy: string[]): ImageConfig {
  return { config: { User: '10001' }, history: createdBy.map((c) => ({ created_by: c })) };
}
