export interface WasmModule {
  source: string;
  target: string;
  name: string;
}
export const MODULES: readonly WasmModule[];
export function generate(module: WasmModule): Promise<string>;
