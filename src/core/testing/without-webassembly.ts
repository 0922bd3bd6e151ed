import { vi } from 'vitest';

/**
 * A fresh copy of a module, as a runtime without WebAssembly (`node --jitless`) loads it: Rampart's compiled loops then
 * fall back to script. Call `restoreWebAssembly` after each such test.
 */
export async function importWithoutWebAssembly<T>(load: () => Promise<T>): Promise<T> {
  vi.stubGlobal('WebAssembly', undefined);
  vi.resetModules();
  return load();
}

export function restoreWebAssembly(): void {
  vi.unstubAllGlobals();
  vi.resetModules();
}
