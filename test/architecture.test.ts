import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers, lowest first. A module may import from its own layer and the ones below it, never from above: the model
 * depends on nothing, a check never on the pipeline, the pipeline never on an output format or the CLI.
 */
const LAYERS: Array<{ layer: string; folders: string[] }> = [
  { layer: 'model', folders: ['core'] },
  { layer: 'parsers', folders: ['parsers'] },
  { layer: 'sources', folders: ['sources'] },
  { layer: 'checks', folders: ['checks'] },
  { layer: 'configuration', folders: ['config'] },
  { layer: 'pipeline', folders: ['pipeline'] },
  { layer: 'outputs', folders: ['formats', 'fix'] },
  { layer: 'services', folders: ['services'] },
  { layer: 'adapters', folders: ['cli'] },
  { layer: 'library entry', folders: ['index.ts'] },
];

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** Tests, their helpers and fixtures may reach anywhere; shipped code may not reach them. */
function isTestSupport(path: string): boolean {
  return /\.test\.ts$/.test(path) || /(^|\/)(testing|testdata)(\/|\.ts$)/.test(path);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const rel = (path: string) => relative(SRC, path).split(sep).join('/');

function layerOf(path: string): number {
  const top = rel(path).split('/')[0]!;
  const index = LAYERS.findIndex((l) => l.folders.includes(top));
  if (index < 0) throw new Error(`${rel(path)} is in no layer: add its folder to LAYERS`);
  return index;
}

/** Every relative import (static, type-only, re-export or dynamic), as TypeScript's own pre-processor reads them. */
function importsOf(path: string): string[] {
  const info = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
  return info.importedFiles
    .map((file) => file.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(path), name.replace(/\.js$/, '.ts')));
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe('architecture', () => {
  it('places every shipped module in a layer', () => {
    for (const file of files.filter((f) => !isTestSupport(rel(f)))) expect(() => layerOf(file)).not.toThrow();
  });

  it('has no import from a layer above, and no shipped module imports test support', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      if (isTestSupport(rel(file))) continue;
      for (const target of targets) {
        if (isTestSupport(rel(target))) wrong.push(`${rel(file)} imports test support ${rel(target)}`);
        else if (layerOf(target) > layerOf(file)) wrong.push(`${rel(file)} (${LAYERS[layerOf(file)]!.layer}) -> ${rel(target)} (${LAYERS[layerOf(target)]!.layer})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles(graph).map((cycle) => cycle.map(rel).join(' -> '))).toEqual([]);
  });

  it('resolves every relative import to a module', () => {
    const known = new Set(files);
    const missing = [...graph].flatMap(([file, targets]) => targets.filter((t) => !known.has(t)).map((t) => `${rel(file)} -> ${rel(t)}`));
    expect(missing).toEqual([]);
  });
});

/** Strongly connected components of more than one module (Tarjan's algorithm): each is a cycle to break. */
function cycles(edges: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of edges.get(node) ?? []) {
      if (!edges.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}
