import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonPath } from '../core/fix.js';

/** Every path in a value, plus one missing child under each collection: what the parsers' location tests ask for. */
export function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const paths: JsonPath[] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, i) => paths.push(...pathsOf(item, [...prefix, i])));
    paths.push([...prefix, value.length]);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
    paths.push([...prefix, 'no-such-field']);
  }
  return paths;
}

/** Every YAML file under the repository's examples, by its path from `examples/`. */
export function exampleYamlFiles(): Record<string, string> {
  const root = fileURLToPath(new URL('../../examples/', import.meta.url));
  const found: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry.name)) found[`examples/${relative(root, path)}`] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return found;
}
