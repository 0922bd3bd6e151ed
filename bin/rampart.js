#!/usr/bin/env node
import { statSync } from 'node:fs';

// `npm run build` bundles the compiled tree into dist/bundle/rampart.mjs, which starts about twice as fast as the
// hundreds of modules it is made from. A tree compiled by `tsc` alone, or recompiled after the bundle was made,
// runs from its modules, so a stale bundle never hides a change.
const bundle = new URL('../dist/bundle/rampart.mjs', import.meta.url);
const tree = new URL('../dist/cli/main.js', import.meta.url);
const bundleTime = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const treeTime = statSync(tree, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const { main } = await import(bundleTime >= treeTime ? bundle.href : tree.href);

process.exitCode = await main(process.argv.slice(2));
