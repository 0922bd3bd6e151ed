#!/usr/bin/env node
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// A scan is a batch job of seconds. V8's defaults tier functions up early and inline deeply, then compile the same
// large functions again as values of shapes not yet seen arrive: on two cores its compiler threads spent a third as
// much CPU as the scan itself (bench/real-manifests.js: 3.2 of 9.8 s). Tiering up later, with less inlining, took 11
// to 21% less CPU there and 6 to 12% less over a dependency tree (bench/secrets-tree.js), wall time alike. The
// flags are set before any of our code compiles, and only on the V8 line they were measured on (Node 20's): other
// lines keep their own defaults, and a flag they lack would only print an error. Servers run for days and keep the
// defaults too: the admission webhook's warm-up (docs/admission.md) is measured with them.
const [command, subcommand] = process.argv.slice(2);
const server = command === 'serve' || (command === 'admission' && subcommand === 'serve');
if (!server && process.versions.v8.startsWith('11.')) setFlagsFromString('--interrupt-budget=400000 --max-inlined-bytecode-size-cumulative=150');

const bundle = new URL('../dist/bundle/rampart.mjs', import.meta.url);
const tree = new URL('../dist/cli/main.js', import.meta.url);
const bundleTime = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const treeTime = statSync(tree, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const { main } = await import(bundleTime >= treeTime ? bundle.href : tree.href);

process.exitCode = await main(process.argv.slice(2));
