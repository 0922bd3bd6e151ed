#!/usr/bin/env node
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// A run of the CLI is a batch job of seconds. V8's defaults tier functions up early and inline deeply, then compile the
// same large functions again as values of shapes not yet seen arrive: on two cores its compiler threads spent a third
// as much CPU as the scan itself (bench/real-manifests.js: 3.2 of 9.8 s). Tiering up later, with less inlining, took
// 21% less CPU there and 10% less over a dependency tree (bench/secrets-tree.js), wall time no worse. The flags are
// set before any of our code compiles, and only on the V8 line they were measured on (Node 20's): other lines keep
// their own defaults, and a flag they lack would only print an error.
if (process.versions.v8.startsWith('11.')) setFlagsFromString('--interrupt-budget=400000 --max-inlined-bytecode-size-cumulative=150');

// `npm run build` bundles the compiled tree into dist/bundle/rampart.mjs, which starts about twice as fast as the
// hundreds of modules it is made from. A tree compiled by `tsc` alone, or recompiled after the bundle was made,
// runs from its modules, so a stale bundle never hides a change.
const bundle = new URL('../dist/bundle/rampart.mjs', import.meta.url);
const tree = new URL('../dist/cli/main.js', import.meta.url);
const bundleTime = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const treeTime = statSync(tree, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const { main } = await import(bundleTime >= treeTime ? bundle.href : tree.href);

process.exitCode = await main(process.argv.slice(2));
