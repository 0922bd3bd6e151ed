import { getPath } from '../../../parsers/kubernetes/values.js';
import type { CompiledPolicies, PolicyDocument, PolicyLoadError } from '../types.js';
import { defaultCacheDir } from './cache.js';
import { compileTemplate } from './compile.js';
import { loadTemplate } from './load.js';
import { isConstraint, isTemplate, readConstraint, readTemplate, type Constraint, type RegoTemplate } from './objects.js';
import { parameterCheck, type ParameterCheck } from './parameters.js';
import { RegoPolicySet, type LoadedTemplate } from './policy-set.js';

export { defaultCacheDir } from './cache.js';
export { OPA_INSTALL_HINT } from './opa.js';

export interface RegoCompileOptions {
  /** The opa binary; default `$RAMPART_OPA`, else `opa` on PATH. Needed only for templates not in the cache. */
  opaPath?: string;
  /** Where compiled bundles are kept; default `$RAMPART_CACHE_DIR`, else `${XDG_CACHE_HOME:-~/.cache}/rampart/rego`. */
  cacheDir?: string;
  /** How long one constraint's evaluation of one object may take (default DEFAULT_EVALUATION_LIMIT_MS). */
  evaluationLimitMs?: number;
}

/** Templates compiled at once: opa is CPU-bound and a first scan may meet dozens of them. */
const COMPILE_CONCURRENCY = 2;

/**
 * Gatekeeper ConstraintTemplates and their constraints among `documents`, compiled with OPA's own compiler to
 * WebAssembly and evaluated in-process. Everything else in `documents` is left alone. A template or constraint that
 * does not load is a file:line error and the others still run.
 */
export async function compileRegoPolicies(documents: PolicyDocument[], options: RegoCompileOptions = {}): Promise<CompiledPolicies> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const errors: PolicyLoadError[] = [];
  const templates = new Map<string, RegoTemplate>();
  const brokenKinds = new Set<string>();
  for (const document of documents) {
    if (!isTemplate(document.object)) continue;
    const template = readTemplate(document);
    if ('message' in template) {
      errors.push(template);
      const kind = kindOf(document.object);
      if (kind) brokenKinds.add(kind);
    } else if (templates.has(template.kind)) {
      errors.push({ file: document.file, line: document.line, message: `ConstraintTemplate ${template.name}: kind ${template.kind} is already defined by another template` });
    } else {
      templates.set(template.kind, template);
    }
  }

  const checks = new Map<string, ParameterCheck>();
  for (const template of [...templates.values()]) {
    const check = parameterCheck(template.document, template.kind);
    if (typeof check === 'function') checks.set(template.kind, check);
    else {
      errors.push(check);
      templates.delete(template.kind);
      brokenKinds.add(template.kind);
    }
  }

  const loaded = new Map<string, LoadedTemplate>();
  await forEachLimited([...templates.values()], COMPILE_CONCURRENCY, async (template) => {
    const compiled = await compileTemplate(template, { opaPath: options.opaPath, cacheDir });
    if ('errors' in compiled) {
      errors.push(...compiled.errors);
      return;
    }
    const ready = await loadTemplate(template, compiled.bundle.wasm);
    if ('message' in ready) errors.push(ready);
    else loaded.set(template.kind, ready);
  });

  const constraints: Array<{ constraint: Constraint; template: LoadedTemplate }> = [];
  for (const document of documents) {
    if (!isConstraint(document.object)) continue;
    const kind = String(document.object.kind);
    if (!templates.has(kind)) {
      if (!brokenKinds.has(kind)) errors.push({ file: document.file, line: document.line, message: `${kind} constraint: no ConstraintTemplate defines kind ${kind}` });
      continue;
    }
    const template = loaded.get(kind);
    if (!template) continue; // its template's own error is reported
    const constraint = readConstraint(document);
    if ('message' in constraint) {
      errors.push(constraint);
      continue;
    }
    // As the apiserver refuses such a constraint, it is left out; the template's other constraints still run.
    const invalid = checks.get(kind)!(constraint, document);
    if (invalid.length > 0) errors.push(...invalid);
    else constraints.push({ constraint, template });
  }
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return { set: new RegoPolicySet(constraints, options.evaluationLimitMs), errors };
}

function kindOf(object: Record<string, unknown>): string | undefined {
  const kind = getPath(object, ['spec', 'crd', 'spec', 'names', 'kind']);
  return typeof kind === 'string' ? kind : undefined;
}

async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
