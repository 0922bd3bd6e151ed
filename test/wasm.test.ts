import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODULES, generate } from '../scripts/build-wasm.mjs';

describe('the WebAssembly modules', () => {
  it.each(MODULES)('$target is what $source assembles to (npm run build:wasm)', async (module) => {
    const checkedIn = readFileSync(new URL(`../${module.target}`, import.meta.url), 'utf8');
    expect(checkedIn).toBe(await generate(module));
  });
});
