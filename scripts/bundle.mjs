// Bundles the compiled CLI (dist/cli/main.js, from `tsc`) into dist/bundle/rampart.mjs, which bin/rampart.js
// loads when present: one minified file instead of hundreds of modules to resolve and read at start-up; and the file
// worker (dist/pipeline/workers/file-worker.js) into dist/bundle/file-worker.mjs, which the bundled pool starts.
// What commands import lazily (`await import(...)`) becomes separate chunks next to it, loaded only when used.
// Dependencies stay in node_modules (several read files next to their own sources, or are native), except the small
// pure-JavaScript ones a scan loads at start: `yaml` alone is some eighty CommonJS files to resolve and compile.
// Usage: node scripts/bundle.mjs [DIST]   (DIST defaults to ./dist; the bundle goes to DIST/bundle)
import { rmSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { build } from 'rolldown';

const dist = resolve(process.argv[2] ?? 'dist');
const out = resolve(dist, 'bundle');

const INLINE = new Set(['yaml', 'js-yaml', 'semver', 'picomatch', 'diff', 'packageurl-js']);

/** A bare specifier's package name: `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
const packageName = (id) => id.split('/').slice(0, id.startsWith('@') ? 2 : 1).join('/');

/**
 * Modules that find files relative to themselves (package.json, the report schema, the worker script) keep doing
 * so from the bundle: their `import.meta.url` becomes the URL of their own compiled file in DIST, which ships
 * alongside the bundle.
 */
const ownLocation = {
  name: 'rampart-own-location',
  transform(code, id) {
    if (!code.includes('import.meta.url') || !id.startsWith(dist + sep)) return null;
    const fromBundle = relative(out, id).split(sep).join('/');
    return { code: code.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), map: null };
  },
};

/**
 * The file worker is an entry of its own, sharing the CLI's chunks: loading it from the bundle took its thread 85 ms
 * instead of 250 ms from the module tree, and a scan hands the worker files only once it has loaded. The pool's
 * module is pointed at it (then ownLocation makes the path relative to the pool's own compiled file).
 */
const POOL = resolve(dist, 'pipeline/workers/pool.js');
const WORKER_IN_TREE = "'./file-worker.js'";
const bundledWorker = {
  name: 'rampart-bundled-worker',
  transform(code, id) {
    if (id !== POOL) return null;
    if (!code.includes(WORKER_IN_TREE)) throw new Error(`${POOL} no longer names ${WORKER_IN_TREE}: update scripts/bundle.mjs`);
    return { code: code.replace(WORKER_IN_TREE, "'../../bundle/file-worker.mjs'"), map: null };
  },
};

rmSync(out, { recursive: true, force: true });
await build({
  input: { rampart: resolve(dist, 'cli/main.js'), 'file-worker': resolve(dist, 'pipeline/workers/file-worker.js') },
  platform: 'node',
  // Bare specifiers (packages, node: built-ins) stay imports, except the INLINE packages.
  external: (id, importer) => importer !== undefined && !/^[./\0]/.test(id) && !INLINE.has(packageName(id)),
  plugins: [bundledWorker, ownLocation],
  logLevel: 'warn',
  output: {
    dir: out,
    format: 'esm',
    entryFileNames: '[name].mjs',
    chunkFileNames: 'chunk-[hash].mjs',
    minify: true,
    // The model's small modules (errors, severities, display paths) in one chunk: left to the splitter, every lazy
    // import boundary cut them into files of a few hundred bytes, each one more file to read and link at start.
    codeSplitting: { groups: [{ name: 'core', test: /[\\/]dist[\\/]core[\\/]/ }] },
    sourcemap: false,
  },
});
console.error(`bundle: ${relative(process.cwd(), resolve(out, 'rampart.mjs'))}`);
