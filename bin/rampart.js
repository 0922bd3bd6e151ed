#!/usr/bin/env node
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

// A secret search over a tree is a batch job of seconds through a few hot functions. V8's defaults tier functions up
// early and inline deeply, then compile the same large functions again as values of shapes not yet seen arrive: its
// compiler threads spent a third as much CPU as the search itself. Tiering up later, with less inlining, took 6 to
// 23% less CPU over a dependency tree (bench/secrets-tree.js), the search's own thread no slower. The flags are
// changed after half a second: set at start, they made every run's start-up 6% (15 ms) slower, and a pre-commit run
// is over by then. Only on the V8 line they were measured on (Node 20's): other lines keep their defaults, and a flag
// they lack would print an error.
const v8Measured = process.versions.v8.startsWith('11.');
if (process.argv[2] === 'secrets' && v8Measured) {
  setTimeout(() => setFlagsFromString('--interrupt-budget=400000 --max-inlined-bytecode-size-cumulative=150'), 500).unref();
}
// A scan's compiler threads spent 1.5 s of CPU on the real-manifest corpus (bench/real-manifests.js), on the second
// core its collector needs: on two cores, less inlining took the median wall time from 3.76 s to 3.57 s and the CPU
// from 5.3 s to 4.5 s (7 alternating runs), the scanning thread no slower. With four cores or more the file workers
// have cores of their own and the defaults stay, as they do for the servers, whose warm-up is measured with them. Set
// at start: a scan of the examples started no slower, measured.
if (process.argv[2] === 'scan' && v8Measured && availableParallelism() < 4) {
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=150');
}

// `npm run build` bundles the compiled tree into dist/bundle/rampart.mjs, which starts about twice as fast as the
// hundreds of modules it is made from. A tree compiled by `tsc` alone, or recompiled after the bundle was made,
// runs from its modules, so a stale bundle never hides a change.
const bundle = new URL('../dist/bundle/rampart.mjs', import.meta.url);
const tree = new URL('../dist/cli/main.js', import.meta.url);
const bundleTime = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const treeTime = statSync(tree, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const { main } = await import(bundleTime >= treeTime ? bundle.href : tree.href);

process.exitCode = await main(process.argv.slice(2));
