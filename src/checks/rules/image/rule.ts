import type { RuleMeta } from '../../../core/rule.js';
import type { RuleSettings } from '../../../core/settings.js';
import type { ImageConfig } from '../../../sources/image/types.js';
import type { HistoryStep } from './history.js';

/**
 * Where a finding points: a history step (the Dockerfile instruction that built a layer), or a
 * field of the runtime config (`config.User`, `config.Env[2]`).
 */
export type ImageReport = ({ step: HistoryStep; fieldPath?: undefined } | { fieldPath: string; step?: undefined }) & {
  message: string;
  /** Distinguishes several findings of one rule on one step or field (e.g. one per variable). */
  key?: string;
};

export interface ImageRuleContext {
  /** What the user asked to scan (`registry.example/app:1.2`); findings are located in it. */
  reference: string;
  config: ImageConfig;
  /** Every `history` entry, parsed, in order (empty layers included). */
  history: HistoryStep[];
  settings: RuleSettings;
  report(report: ImageReport): void;
}

export interface ImageRule {
  meta: RuleMeta;
  check(context: ImageRuleContext): void;
}

export function defineImageRule(rule: ImageRule): ImageRule {
  if (!rule.meta.id.startsWith('image/') || rule.meta.target !== 'image') {
    throw new Error(`image rule IDs start with image/ and target image: ${rule.meta.id}`);
  }
  return rule;
}

/** A rule looking at history steps with the given keywords (`RUN`, `ADD`...). */
export function defineHistoryRule(definition: { meta: RuleMeta; keywords: readonly string[]; check(step: HistoryStep, context: ImageRuleContext): void }): ImageRule {
  return defineImageRule({
    meta: definition.meta,
    check(context) {
      for (const step of context.history) {
        if (definition.keywords.includes(step.instruction.keyword)) definition.check(step, context);
      }
    },
  });
}
