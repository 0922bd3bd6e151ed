import type { RuleMeta } from '../../core/rule.js';
import type { RuleHit } from '../../core/rule-hit.js';

/** A rule hit as it crosses between threads (structured clone: data only): its rule by ID, looked up on arrival. */
export type WireHit = Omit<RuleHit, 'meta'> & { ruleId: string };

export function toWireHit({ meta, ...hit }: RuleHit): WireHit {
  return { ...hit, ruleId: meta.id };
}

export function fromWireHit({ ruleId, ...hit }: WireHit, metaOf: (ruleId: string) => RuleMeta): RuleHit {
  return { meta: metaOf(ruleId), ...hit };
}
