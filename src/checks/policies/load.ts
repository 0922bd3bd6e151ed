import { displayPath } from '../../core/display-path.js';
import { extractObjects } from '../../parsers/kubernetes/objects.js';
import { DEFAULT_MAX_FILE_BYTES, readTextFile } from '../../sources/directory/read-input.js';
import { walk } from '../../sources/directory/walk.js';
import { compilePolicies, isCelPolicyObject, isRegoPolicyObject, type LoadedPolicies, type PolicyCompiler } from './index.js';
import type { JsonPath } from '../../core/fix.js';
import type { PolicyDocument, PolicyLoadError } from './types.js';

/** A document that can also say where each of its fields is, for errors and test results that point inside it. */
export interface LocatedDocument extends PolicyDocument {
  lineOf(path: JsonPath): number;
}

/** More policy files than any real policy library holds: past it, a directory was mistaken for one. */
export const MAX_POLICY_FILES = 5000;

/**
 * Both engines, loaded on first use: a scan without policies never loads OPA's WebAssembly runtime nor the CEL one.
 * `env` gives the cache directory compiled Rego bundles are kept in (`$RAMPART_CACHE_DIR`, core/cache-dir.ts).
 */
export function policyCompilers(env: NodeJS.ProcessEnv = process.env): readonly PolicyCompiler[] {
  return [
    { accepts: isCelPolicyObject, compile: async (documents) => (await import('./cel/index.js')).compileCelPolicies(documents) },
    {
      accepts: isRegoPolicyObject,
      compile: async (documents) => {
        const rego = await import('./rego/index.js');
        return rego.compileRegoPolicies(documents, { cacheDir: rego.defaultCacheDir(env) });
      },
    },
  ];
}

export const POLICY_COMPILERS: readonly PolicyCompiler[] = policyCompilers();

export interface PolicyLoadOptions {
  /** Relative paths are resolved against it, and errors name files relative to it. */
  cwd: string;
  /** Default POLICY_COMPILERS. */
  compilers?: readonly PolicyCompiler[];
  maxFileBytes?: number;
  maxFiles?: number;
}

/**
 * The YAML and JSON documents under `paths` (files or directories), each with its file and line. The directory walk
 * is the scan's: it stays inside each root (a symbolic link out is a warning, not followed) and honours `.gitignore`.
 */
export async function readPolicyDocuments(paths: readonly string[], options: Omit<PolicyLoadOptions, 'compilers'>): Promise<{ documents: LocatedDocument[]; errors: PolicyLoadError[] }> {
  const { entries, errors: walkErrors } = await walk([...paths], { exclude: [], cwd: options.cwd, renderTargets: false });
  // A warning (a link out of the root) is still a policy file not read: the policy set is incomplete.
  const errors: PolicyLoadError[] = walkErrors.map((e) => ({ file: e.file, ...(e.line ? { line: e.line } : {}), message: e.message }));
  const files = entries.flatMap((entry) => (entry.type === 'file' && (entry.kind === 'yaml' || entry.kind === 'json') ? [entry.path] : []));
  const maxFiles = options.maxFiles ?? MAX_POLICY_FILES;
  if (files.length > maxFiles) {
    return { documents: [], errors: [...errors, { file: paths.join(' '), message: `${files.length} policy files, over the limit of ${maxFiles}: is this a policy directory?` }] };
  }
  const documents: LocatedDocument[] = [];
  // Loaded with the first policy file: a scan without policies never loads the YAML parsers for them.
  const { parseYamlFile } = await import('../../parsers/kubernetes/documents.js');
  for (const path of files) {
    const file = displayPath(options.cwd, path);
    const read = readTextFile(path, file, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    if (!read.ok) {
      errors.push({ file, ...(read.error.line ? { line: read.error.line } : {}), message: read.error.message });
      continue;
    }
    const parsed = parseYamlFile(file, read.text);
    errors.push(...parsed.errors.map((e) => ({ file, ...(e.line ? { line: e.line } : {}), message: e.message })));
    for (const object of extractObjects(parsed)) {
      const locate = (path: JsonPath) => object.locate(path).location;
      documents.push({ object: object.raw, file, line: locate([]).startLine, locate, lineOf: (path) => locate(path).startLine });
    }
  }
  return { documents, errors };
}

/** Reads and compiles every policy under `paths`; what does not read or compile is an error, the rest still loads. */
export async function loadPolicies(paths: readonly string[], options: PolicyLoadOptions): Promise<LoadedPolicies> {
  const { documents, errors } = await readPolicyDocuments(paths, options);
  const loaded = await compilePolicies(documents, options.compilers ?? POLICY_COMPILERS);
  return { ...loaded, errors: [...errors, ...loaded.errors] };
}
