import type { ScanError } from '../core/finding.js';
import type { RuleSettings } from '../core/settings.js';
import { resourceRef, type KubernetesObject } from '../parsers/kubernetes/objects.js';
import { formatPath } from '../parsers/kubernetes/values.js';
import type { KubernetesRule } from '../rules/kubernetes/rule.js';
import type { RuleHit } from './rule-hit.js';
import { objectIgnoreSpecs } from './annotations.js';
import type { IgnoreDirective } from '../core/ignore-directive.js';
import type { JsonPath } from '../core/fix.js';

export interface RuleRunResult {
  hits: RuleHit[];
  errors: ScanError[];
}

/**
 * `renderedDirectives`: comments of rendered output (Helm templates and kustomize resources keep
 * them), matched against the rendered line since findings point back at the sources.
 */
export function runKubernetesRules(
  objects: KubernetesObject[],
  rules: KubernetesRule[],
  settings: RuleSettings,
  renderedDirectives: IgnoreDirective[] = [],
): RuleRunResult {
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
            const renderedIgnores = renderedDirectives.length > 0 ? coveringDirectives(renderedDirectives, object, path) : [];
            hits.push({
              meta: rule.meta,
              message,
              location,
              fieldPath,
              resource,
              identity: `${objectIdentity}#${fieldPath}`,
              ...(objectIgnores.length > 0 ? { objectIgnores } : {}),
              ...(renderedIgnores.length > 0 ? { renderedIgnores } : {}),
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

function coveringDirectives(directives: IgnoreDirective[], object: KubernetesObject, path: JsonPath): IgnoreDirective[] {
  const line = object.document.locate([...object.basePath, ...path]).location.startLine;
  return directives.filter((d) => line >= d.fromLine && line <= d.toLine);
}
