import type { RuleSettings } from '../../../../../core/settings.js';
import { runSetRules } from '../../../../../pipeline/kubernetes.js';
import { retainForSetRules } from '../../../../../pipeline/retain.js';
import { meshObjects } from '../../../../analysis/mesh/testdata/builders.js';
import { DEFAULT_TEST_SETTINGS } from '../../../../../testing/kubernetes.js';
import type { KubernetesSetRule } from '../../rule.js';

export interface SetRuleHit {
  message: string;
  fieldPath: string | undefined;
  line: number;
  kind: string;
  name: string | undefined;
}

/** Runs one set rule over multi-document YAML text. */
export function runSetRule(rule: KubernetesSetRule, yaml: string, settings: Partial<RuleSettings> = {}): SetRuleHit[] {
  const { hits, errors } = runSetRules(meshObjects(yaml).map((object) => retainForSetRules(object, [rule])), [rule], { ...DEFAULT_TEST_SETTINGS, ...settings });
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
  return hits.map((h) => ({ message: h.message, fieldPath: h.fieldPath, line: h.location.startLine, kind: h.resource?.kind ?? '', name: h.resource?.name }));
}

