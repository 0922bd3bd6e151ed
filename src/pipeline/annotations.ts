import { parseIgnoreSpec, type IgnoreSpec } from '../core/ignore-directive.js';
import type { KubernetesObject } from '../parsers/kubernetes/objects.js';
import { asRecord, getPath } from '../parsers/kubernetes/values.js';
import { podTemplateOf } from '../parsers/kubernetes/workloads.js';

export const IGNORE_ANNOTATION = 'rampart.io/ignore';

/**
 * `rampart.io/ignore: "RULE[,RULE]: reason"` on the object, or on its pod template (where Helm
 * charts often let users add annotations). Several specs may be separated by `;`.
 */
export function objectIgnoreSpecs(object: KubernetesObject): IgnoreSpec[] {
  const sources = [getPath(object.raw, ['metadata', 'annotations']), podTemplateOf(object)?.metadata.annotations];
  const specs: IgnoreSpec[] = [];
  for (const annotations of sources) {
    const value = asRecord(annotations)?.[IGNORE_ANNOTATION];
    if (typeof value !== 'string') continue;
    for (const part of value.split(';')) {
      const spec = parseIgnoreSpec(part);
      if (spec) specs.push(spec);
    }
  }
  return specs;
}
