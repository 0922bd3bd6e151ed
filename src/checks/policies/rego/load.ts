import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import type { PolicyLoadError } from '../types.js';
import { HOST_BUILTINS, hostProvides } from './builtins.js';
import { documentLocation, type RegoTemplate } from './objects.js';
import type { LoadedTemplate } from './policy-set.js';

/** 64 KiB pages: a template's memory (input, inventory, intermediate values) may grow to 512 MiB, never without bound. */
const INITIAL_PAGES = 5;
const MAXIMUM_PAGES = 8192;

/** Instantiates a compiled template, refusing one that calls a built-in nobody here can run. */
export async function loadTemplate(template: RegoTemplate, wasm: Buffer): Promise<LoadedTemplate | PolicyLoadError> {
  let policy: LoadedPolicy;
  try {
    policy = await loadPolicy(wasm, { initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES }, HOST_BUILTINS);
  } catch (error) {
    return { file: template.document.file, line: template.document.line, message: `ConstraintTemplate ${template.name}: its compiled policy does not load: ${String(error)}` };
  }
  const missing = requiredBuiltins(policy).filter((name) => !hostProvides(name));
  if (missing.length > 0) {
    return {
      file: template.document.file,
      line: documentLocation(template.document, template.modules[0]!.path).startLine,
      message: `ConstraintTemplate ${template.name}: uses ${missing.join(', ')}, which policies compiled to WebAssembly cannot call`,
    };
  }
  const readsInventory = template.modules.some((module) => module.text.includes('inventory'));
  return { kind: template.kind, policy, readsInventory };
}

interface PolicyExports {
  builtins(): number;
  opa_json_dump(address: number): number;
}

/** The host built-ins the wasm imports, from its `builtins` export (a JSON object of name to id). */
function requiredBuiltins(policy: LoadedPolicy): string[] {
  const instance = 'instance' in policy.wasmInstance ? policy.wasmInstance.instance : policy.wasmInstance;
  const exports = instance.exports as unknown as PolicyExports;
  const address = exports.opa_json_dump(exports.builtins());
  const memory = new Uint8Array(policy.mem.buffer);
  const end = memory.indexOf(0, address);
  const parsed: unknown = JSON.parse(Buffer.from(memory.subarray(address, end)).toString('utf8'));
  return parsed && typeof parsed === 'object' ? Object.keys(parsed) : [];
}
