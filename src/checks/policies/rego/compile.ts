import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import { MissingToolError, runTool, ToolRunError } from '../../../sources/rendered/exec.js';
import type { PolicyLoadError } from '../types.js';
import { readBundle, sourcesKey, writeBundle, type CompiledBundle } from './cache.js';
import { documentLocation, type RegoModule, type RegoTemplate } from './objects.js';
import { findOpa, OPA_INSTALL_HINT, opaVersion } from './opa.js';

const BUILD_TIMEOUT_MS = 120_000;
const BUILD_MEMORY_BYTES = 2 * 1024 * 1024 * 1024;
const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;
const gunzipAsync = promisify(gunzip);

export interface CompileOptions {
  opaPath?: string;
  cacheDir: string;
}

export type CompileOutcome = { bundle: CompiledBundle } | { errors: PolicyLoadError[] };

/**
 * One template to WebAssembly with OPA's own compiler (`opa build -t wasm`), from the cache when this opa (or, with
 * no opa installed, any opa) compiled the same sources before.
 */
export async function compileTemplate(template: RegoTemplate, options: CompileOptions): Promise<CompileOutcome> {
  const packages = template.modules.map((module) => ({ module, path: packagePath(module.text) }));
  for (const { module, path } of packages) {
    if (path === undefined) return { errors: [moduleError(template, module, 1, `${module.name} must begin with a package declaration`)] };
    // Libraries live under data.lib, the one data path besides data.inventory a template may read.
    if (module.name !== 'template.rego' && !path.startsWith('lib.')) {
      return { errors: [moduleError(template, module, 1, `library package "${path}" must be under lib (package lib.<name>)`)] };
    }
  }
  // Gatekeeper's own check, before opa would only say the entry point refers to nothing.
  if (!/^\s*violation\b/m.test(template.modules[0]!.text)) {
    return { errors: [moduleError(template, template.modules[0]!, 1, 'invalid rego: missing required rules: [violation]')] };
  }
  const entrypoint = `${packages[0]!.path!.replace(/\./g, '/')}/violation`;
  const key = sourcesKey(template.modules, entrypoint, template.regoVersion);
  const opa = findOpa(options.opaPath);
  let version: string | undefined;
  if (opa !== undefined) {
    try {
      version = await opaVersion(opa, options.cacheDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return { errors: [templateError(template, errorText(error))] };
    }
  }
  const cached = await readBundle(options.cacheDir, key, entrypoint, version);
  if (cached) return { bundle: cached };
  if (version === undefined || opa === undefined) {
    const what = opa === undefined ? 'opa was not found' : `opa "${opa}" was not found`;
    return { errors: [templateError(template, `compiling its Rego needs opa, and ${what}: ${OPA_INSTALL_HINT}`)] };
  }
  const outcome = await buildWithFallback(template, opa, entrypoint);
  if ('errors' in outcome) return outcome;
  const bundle: CompiledBundle = { wasm: outcome.wasm, opaVersion: version, regoVersion: outcome.regoVersion };
  // The cache only saves time: a directory that cannot be written must not fail the policy.
  await writeBundle(options.cacheDir, key, entrypoint, bundle).catch(() => undefined);
  return { bundle };
}

/**
 * Gatekeeper reads a template's Rego as v0 unless it says `version: v1`; one that does not say but is written in v1
 * (OPA 1.0's default syntax) is accepted too, as the constraint framework accepts both.
 */
async function buildWithFallback(template: RegoTemplate, opa: string, entrypoint: string): Promise<{ wasm: Buffer; regoVersion: 'v0' | 'v1' } | { errors: PolicyLoadError[] }> {
  const order: Array<'v0' | 'v1'> = template.regoVersion === 'unspecified' ? ['v0', 'v1'] : [template.regoVersion];
  const failures: Array<{ version: 'v0' | 'v1'; errors: OpaError[] }> = [];
  for (const version of order) {
    const result = await build(template.modules, opa, entrypoint, version);
    if ('wasm' in result) return { wasm: result.wasm, regoVersion: version };
    failures.push({ version, errors: result.errors });
  }
  return { errors: mostRelevant(template, failures).map((error) => toLoadError(template, error)) };
}

/** Of the v0 and v1 attempts, the one whose errors are about the policy rather than its syntax. */
function mostRelevant(template: RegoTemplate, failures: Array<{ version: 'v0' | 'v1'; errors: OpaError[] }>): OpaError[] {
  if (failures.length === 1) return failures[0]!.errors;
  const semantic = failures.find((failure) => failure.errors.some((error) => error.code !== 'rego_parse_error'));
  if (semantic) return semantic.errors;
  const looksV1 = template.modules.some((module) => /\b(if|contains)\b/.test(module.text.replace(/#.*$/gm, '')));
  return failures.find((failure) => failure.version === (looksV1 ? 'v1' : 'v0'))!.errors;
}

interface OpaError {
  message: string;
  code?: string;
  file?: string;
  row?: number;
}

async function build(modules: readonly RegoModule[], opa: string, entrypoint: string, version: 'v0' | 'v1'): Promise<{ wasm: Buffer } | { errors: OpaError[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'rampart-opa-'));
  try {
    const files = modules.map((module) => join(dir, module.name));
    for (const [i, module] of modules.entries()) await writeFile(files[i]!, module.text, { flag: 'wx', mode: 0o600 });
    const bundle = join(dir, 'bundle.tar.gz');
    const compat = version === 'v0' ? ['--v0-compatible'] : [];
    const run = { tool: 'opa', binary: opa, timeoutMs: BUILD_TIMEOUT_MS, memoryBytes: BUILD_MEMORY_BYTES };
    try {
      await runTool({ ...run, args: ['build', '-t', 'wasm', '-e', entrypoint, '-o', bundle, ...compat, ...files] });
    } catch (error) {
      if (!(error instanceof ToolRunError)) throw error;
      // opa build prints its errors on stdout, which a failed run does not keep; opa check prints them on stderr.
      const checked = await runTool({ ...run, args: ['check', ...compat, ...files] }).then(
        () => `opa check accepts the sources, but opa build -t wasm failed: ${error.message}`,
        (checkError: unknown) => (checkError instanceof ToolRunError ? checkError.message : errorText(checkError)),
      );
      return { errors: parseOpaErrors(checked, dir) };
    }
    return { wasm: await policyWasm(bundle) };
  } catch (error) {
    if (error instanceof MissingToolError) return { errors: [{ message: `${error.message}: ${OPA_INSTALL_HINT}` }] };
    return { errors: [{ message: errorText(error) }] };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** opa's `<file>:<row>: <code>: <message>` lines (several per run), naming the module by its file in `dir`. */
function parseOpaErrors(output: string, dir: string): OpaError[] {
  const errors: OpaError[] = [];
  const pattern = /(\S+\.rego):(\d+): (rego_[a-z_]+): ([^\n]*)/g;
  for (const match of output.matchAll(pattern)) {
    const file = match[1]!.startsWith(`${dir}/`) ? match[1]!.slice(dir.length + 1) : match[1]!;
    errors.push({ file, row: Number(match[2]), code: match[3]!, message: match[4]!.trim() });
  }
  if (errors.length > 0) return errors;
  return [{ message: output.split(`${dir}/`).join('').replace(/^error: /, '') }];
}

/** The `policy.wasm` of the bundle opa wrote in our own temporary directory. */
async function policyWasm(bundlePath: string): Promise<Buffer> {
  const tar = await gunzipAsync(await readFile(bundlePath), { maxOutputLength: MAX_BUNDLE_BYTES });
  return new Promise<Buffer>((resolve, reject) => {
    let found: Buffer | undefined;
    const parser = tarExtract();
    parser.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => {
        chunks.push(chunk as Buffer);
      });
      stream.on('end', () => {
        if (header.name.replace(/^\/+/, '') === 'policy.wasm') found = Buffer.concat(chunks);
        next();
      });
      stream.resume();
    });
    parser.on('finish', () => (found ? resolve(found) : reject(new Error('opa build wrote no policy.wasm'))));
    parser.on('error', reject);
    parser.end(tar);
  });
}

/** The package of a module: its first statement, after comments. Only plain dotted names make an entry point. */
function packagePath(text: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    return /^package\s+([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*(?:#.*)?$/.exec(trimmed)?.[1];
  }
  return undefined;
}

function toLoadError(template: RegoTemplate, error: OpaError): PolicyLoadError {
  const module = template.modules.find((candidate) => candidate.name === error.file);
  const message = error.code ? `${error.code}: ${error.message}` : error.message;
  return module ? moduleError(template, module, error.row ?? 1, message) : templateError(template, message);
}

/** A line of an embedded Rego source, as a line of the file the template was read from. */
function moduleError(template: RegoTemplate, module: RegoModule, row: number, message: string): PolicyLoadError {
  const at = documentLocation(template.document, module.path);
  // A block scalar (`rego: |`) starts on the line after its key; a one-line string on the key's own line.
  const first = at.endLine > at.startLine ? at.startLine + 1 : at.startLine;
  return { file: at.file, line: first + row - 1, message: `ConstraintTemplate ${template.name} (${module.name}:${row}): ${message}` };
}

function templateError(template: RegoTemplate, message: string): PolicyLoadError {
  return { file: template.document.file, line: documentLocation(template.document, ['metadata', 'name']).startLine, message: `ConstraintTemplate ${template.name}: ${message}` };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
