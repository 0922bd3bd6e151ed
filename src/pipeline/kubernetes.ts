import type { ScanError } from '../core/finding.js';
import type { RuleSettings } from '../core/settings.js';
import { resourceRef, type KubernetesObject } from '../parsers/kubernetes/objects.js';
import { ownString } from '../parsers/kubernetes/own-string.js';
import { formatPath } from '../parsers/kubernetes/values.js';
import type { KubernetesReport, KubernetesRule, KubernetesRuleContext, KubernetesSetRule } from '../checks/rules/kubernetes/rule.js';
import type { RuleMeta } from '../core/rule.js';
import type { RuleHit } from '../core/rule-hit.js';
import { objectIgnoreSpecs } from './annotations.js';
import type { IgnoreDirective } from '../core/ignore-directive.js';
import type { JsonPath } from '../core/fix.js';

export interface RuleRunResult {
  hits: RuleHit[];
  errors: ScanError[];
}

/** Rendered output keeps `rampart:ignore` comments; they are matched against the rendered line. */
export type RenderedDirectives = ReadonlyMap<KubernetesObject, IgnoreDirective[]>;

export function runKubernetesRules(
  objects: readonly KubernetesObject[],
  rules: KubernetesRule[],
  settings: RuleSettings,
  renderedDirectives: RenderedDirectives = new Map(),
): RuleRunResult {
  const hits: RuleHit[] = [];
  const errors: ScanError[] = [];
  for (const object of objects) {
    // Built on the object's first hit: most objects (CRDs, Services, RBAC) have none.
    let toHit: ReturnType<typeof hitBuilder> | undefined;
    let meta: RuleMeta;
    // One context for all the object's rules, naming the rule whose check runs: a context and a closure for each pair
    // were a tenth of what a large scan allocates here (rules report synchronously, from within `check`).
    const context: KubernetesRuleContext = { object, settings, report: (report) => hits.push((toHit ??= hitBuilder(object, renderedDirectives))(meta, report)) };
    for (const rule of rules) {
      meta = rule.meta;
      try {
        rule.check(context);
      } catch (error) {
        errors.push(ruleFailure(rule.meta, object, error));
      }
    }
  }
  return { hits, errors };
}

export function runSetRules(
  objects: readonly KubernetesObject[],
  rules: KubernetesSetRule[],
  settings: RuleSettings,
  renderedDirectives: RenderedDirectives = new Map(),
): RuleRunResult {
  const hits: RuleHit[] = [];
  const errors: ScanError[] = [];
  const builders = new Map<KubernetesObject, ReturnType<typeof hitBuilder>>();
  for (const rule of rules) {
    try {
      rule.checkAll({
        objects,
        settings,
        report: ({ object, ...report }) => {
          let toHit = builders.get(object);
          if (!toHit) builders.set(object, (toHit = hitBuilder(object, renderedDirectives)));
          hits.push(toHit(rule.meta, report));
        },
      });
    } catch (error) {
      errors.push({ file: '<scan>', message: `rule ${rule.meta.id} failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { hits, errors };
}

/** Everything a hit needs from its object, computed once per object. */
export function hitBuilder(object: KubernetesObject, renderedDirectives: RenderedDirectives): (meta: RuleMeta, report: KubernetesReport) => RuleHit {
  const resource = resourceRef(object);
  const objectIdentity = `${object.apiVersion ?? ''}/${object.kind}/${object.namespace ?? ''}/${object.name ?? ''}`;
  const objectIgnores = objectIgnoreSpecs(object);
  const directives = renderedDirectives.get(object) ?? [];
  return (meta, { path, message, fix }) => {
    const { location } = object.locate(path);
    // Hits live until the report is written: their strings are copied out of the file's text (see ownString).
    const fieldPath = ownString(formatPath(path));
    const renderedIgnores = directives.length > 0 ? coveringDirectives(directives, object, path) : [];
    // Assigned rather than spread in: a scan makes tens of thousands of hits, and V8 copies a conditional spread
    // through a slow generic path.
    const hit: RuleHit = { meta, message: ownString(message), location, fieldPath, resource, identity: ownString(`${objectIdentity}#${fieldPath}`) };
    if (objectIgnores.length > 0) hit.objectIgnores = objectIgnores;
    if (renderedIgnores.length > 0) hit.renderedIgnores = renderedIgnores;
    if (fix) {
      hit.fix = fix;
      if (object.editable) hit.fixTarget = object.editable;
    }
    return hit;
  };
}

function ruleFailure(meta: RuleMeta, object: KubernetesObject, error: unknown): ScanError {
  // A rule bug must not lose the rest of the scan; it is reported like any unreadable input.
  const { location } = object.locate([]);
  return {
    file: location.file,
    line: location.startLine,
    message: `rule ${meta.id} failed on ${object.kind}/${object.name ?? '?'}: ${error instanceof Error ? error.message : String(error)}`,
  };
}

function coveringDirectives(directives: IgnoreDirective[], object: KubernetesObject, path: JsonPath): IgnoreDirective[] {
  const line = object.document.locate([...object.basePath, ...path]).location.startLine;
  return directives.filter((d) => line >= d.fromLine && line <= d.toLine);
}
