import type { PssVersion } from '../../core/settings.js';

/** What the CEL of a rule depends on besides the object: the PSS version, and which rules the export also holds. */
export interface CelContext {
  version: PssVersion;
  /**
   * Baseline rules a restricted rule leaves findings to at this level and version (pss/overrides.ts): the exported
   * restricted rule leaves out what they report on the same field, as `rampart scan` does.
   */
  overridden: ReadonlySet<string>;
}

export interface ResourceRule {
  apiGroups: string[];
  apiVersions: string[];
  resources: string[];
}

/** One rule as CEL. */
export interface RuleCel {
  /** `pod-templates`: Pods and every workload kind's pod template; else the resources the rule reads. */
  match: 'pod-templates' | ResourceRule[];
  /** Policy variables the messages read besides the pod template's (declared after those). */
  variables?: ReadonlyArray<{ name: string; expression: string }>;
  /** A CEL `list(string)` of the rule's messages in report order; entries may be '' (left out). */
  messages: string;
}

/** A rule that CEL can express: its CEL at a version, or undefined where the rule has no check at that version. */
export interface CelRule {
  id: string;
  cel(context: CelContext): RuleCel | undefined;
}
