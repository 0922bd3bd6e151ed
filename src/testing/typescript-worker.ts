import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * Module hooks for a worker thread that runs this repository's TypeScript sources, as the tests do: `./x.js` imports
 * of a `.ts` module resolve to `./x.ts` when no `.js` is there, and `.ts` modules are compiled with TypeScript's own
 * `transpileModule` (types stripped, nothing checked: the typecheck does that).
 */
const HOOKS = `
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const ts = createRequire(TYPESCRIPT)(TYPESCRIPT);
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const url = new URL(specifier, context.parentURL);
    if (!existsSync(fileURLToPath(url))) return { url: url.href.slice(0, -3) + '.ts', shortCircuit: true };
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const fileName = fileURLToPath(url);
  const compilerOptions = { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  const source = ts.transpileModule(readFileSync(fileName, 'utf8'), { compilerOptions, fileName }).outputText;
  return { format: 'module', source, shortCircuit: true };
}
`;

/** A `data:` URL a Worker can start from: it installs the hooks above, then imports the TypeScript module `entry`. */
export function typescriptWorkerScript(entry: URL): URL {
  const typescript = createRequire(import.meta.url).resolve('typescript');
  const hooks = HOOKS.replaceAll('TYPESCRIPT', JSON.stringify(typescript));
  const main =
    "import { register } from 'node:module';\n" +
    `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)}, ${JSON.stringify(pathToFileURL(typescript).href)});\n` +
    `await import(${JSON.stringify(entry.href)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(main)}`);
}
