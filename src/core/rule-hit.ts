import type { Location, ResourceRef, SecretDetails } from './finding.js';
import type { Fix } from './fix.js';
import type { IgnoreSpec } from './ignore-directive.js';
import type { RuleMeta } from './rule.js';
import type { Severity } from './severity.js';

/** A rule's raw report, before config, suppressions and fingerprints turn it into a Finding. */
export interface RuleHit {
  meta: RuleMeta;
  message: string;
  location: Location;
  fieldPath?: string;
  resource?: ResourceRef;
  fix?: Fix;
  /** Identity of the finding inside its file that survives line shifts (resource + field, or instruction text). */
  identity: string;
  /** `rampart.io/ignore` annotations of the object the finding is about. */
  objectIgnores?: IgnoreSpec[];
  /** `rampart:ignore` comments that cover the finding in rendered output (comments kept by Helm or kustomize). */
  renderedIgnores?: IgnoreSpec[];
  /** Where the fix applies: the YAML document index and the object's path inside it. */
  fixTarget?: { file: string; documentIndex: number; basePath: ReadonlyArray<string | number> };
  secret?: SecretDetails;
  /** The hit's own severity unless `rampart.yaml` sets the rule's: a user policy's action (deny, warn, audit). */
  severity?: Severity;
}
