/**
 * The small part of the WebAssembly API Rampart's own modules use (the secret search's text pass, the binary sniff):
 * @types/node 20 declares none of it, and the DOM library is not for us. Each module is checked in as base64 by
 * `npm run build:wasm`.
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: object);
    readonly exports: object;
  }
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface WasmGlobal {
  readonly value: number;
}

export const WASM_PAGE = 65536;

export type WasmModule = WebAssembly.Module;

/** A compiled module; undefined where this runtime has no WebAssembly (`node --jitless`), whose callers fall back to script. */
export function compileWasm(base64: string): WasmModule | undefined {
  return typeof WebAssembly === 'object' ? new WebAssembly.Module(Buffer.from(base64, 'base64')) : undefined;
}

/** A new instance of `module`, with no imports; `T` is the caller's description of its exports. */
export function instantiateWasm<T>(module: WasmModule): T {
  return new WebAssembly.Instance(module, {}).exports as unknown as T;
}
