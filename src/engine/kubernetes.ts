import type { ScanError } from '../core/finding.js';
import type { RuleSettings } from '../core/settings.js';
import { resourceRef, type KubernetesObject } from '../parsers/kubernetes/objects.js';
import { formatPath } from '../parsers/kubernetes/values.js';
import type { KubernetesRule } from '../rules/kubernetes/rule.js';
import type { RuleHit } from './rule-hit.js';
import { objectIgnoreSpecs } from './annotations.js';

export interface RuleRunResult {
  hits: RuleHit[];
  errors: ScanError[];
}

export function runKubernetesRules(objects: KubernetesObject[], rules: KubernetesRule[], settings: RuleSettings): RuleRunResult {
  const hits: RuleHit[] = [];
  const errors: ScanError[] = [];
  for (const object of objects) {
    const resource = resourceRef(object);
    const objectIdentity = `${object.apiVersion ?? ''}/${object.kind}/${object.namespace ?? ''}/${object.name ?? ''}`;
    const objectIgnores = objectIgnoreSpecs(object);
    for (const rule of rules) {
      try {
        rule.check({
          object,
          settings,
          report({ path, message, fix }) {
            const { location } = object.locate(path);
            const fieldPath = formatPath(path);
            hits.push({
              meta: rule.meta,
              message,
              location,
              fieldPath,
              resource,
              identity: `${objectIdentity}#${fieldPath}`,
              ...(objectIgnores.length > 0 ? { objectIgnores } : {}),
              ...(fix ? { fix } : {}),
              ...(fix && object.editable ? { fixTarget: object.editable } : {}),
            });
          },
        });
      } catch (error) {
        // A rule bug must not lose the rest of the scan; it is reported like any unreadable input.
        const { location } = object.locate([]);
        errors.push({
          file: location.file,
          line: location.startLine,
          message: `rule ${rule.meta.id} failed on ${object.kind}/${object.name ?? '?'}: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
  }
  return { hits, errors };
}
