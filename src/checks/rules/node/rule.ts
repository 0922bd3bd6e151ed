import type { Location, ResourceRef } from '../../../core/finding.js';
import type { RuleMeta } from '../../../core/rule.js';
import type { NodeFacts } from './model.js';

export interface NodeReport {
  message: string;
  location: Location;
  /** The component or file the finding is about (`kind: Process|File`), for the report's resource column. */
  resource: ResourceRef;
  /** Identifies the finding within its file across runs (the flag or path), never the line. */
  key: string;
}

export interface NodeRule {
  meta: RuleMeta;
  check(facts: NodeFacts, report: (finding: NodeReport) => void): void;
}

/** The CIS Kubernetes Benchmark version the rules follow; their `references.cis` items use its numbering. */
export const CIS_VERSION = 'CIS Kubernetes Benchmark v1.9';

export function defineNodeRule(rule: NodeRule): NodeRule {
  if (!/^k8s\/node-/.test(rule.meta.id) || rule.meta.target !== 'node' || !rule.meta.references.cis?.length) {
    throw new Error(`node rule IDs start with k8s/node-, target node and name their CIS item: ${rule.meta.id}`);
  }
  return rule;
}
