import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import type { JsonPath } from '../../core/fix.js';
import { parseYamlFile } from './documents.js';
import { valueDocument } from './value-document.js';

/** Every path in the value, and for each collection one child that is not there. */
function paths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, i) => out.push(...paths(item, [...prefix, i])));
    out.push([...prefix, value.length], [...prefix, 'name']);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) out.push(...paths(member, [...prefix, key]));
    out.push([...prefix, 'missing', 'deeper'], [...prefix, 0]);
  } else {
    out.push([...prefix, 'below-a-scalar']);
  }
  return out;
}

/** The located ranges must be those a scan of the written text would report, for every path and every line. */
function expectSameAsParsed(value: Record<string, unknown>): void {
  const document = valueDocument('admission://x', value);
  const parsed = parseYamlFile('admission://x', document.text);
  expect(parsed.errors).toEqual([]);
  const [written] = parsed.documents;
  expect(written!.value).toEqual(value);
  for (const path of paths(value)) expect(document.locate(path), JSON.stringify(path)).toEqual(written!.locate(path));
  expect([document.startLine, document.endLine]).toEqual([written!.startLine, written!.endLine]);
  for (let line = 0; line <= written!.endLine + 1; line++) expect(document.nodeEndLine(line), `line ${line}`).toBe(written!.nodeEndLine(line));
}

describe('valueDocument', () => {
  it('locates every field of the example manifests where the parsed text has it', () => {
    const root = new URL('../../../examples/', import.meta.url).pathname;
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f) && !f.includes('templates'));
    let objects = 0;
    for (const file of files) {
      let documents: unknown[];
      try {
        documents = yaml.loadAll(readFileSync(join(root, file), 'utf8'));
      } catch {
        continue;
      }
      for (const value of documents) {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
        expectSameAsParsed(value as Record<string, unknown>);
        objects++;
      }
    }
    expect(objects).toBeGreaterThan(10);
  });

  it('writes awkward scalars, keys and nesting as YAML that reads back the same, with the same positions', () => {
    expectSameAsParsed({
      'on': 'yes',
      '': '',
      'key with: colon': 'value # not a comment',
      'app.kubernetes.io/name': 'registry.example.com/shop/web:1.2@sha256:abc',
      numbers: [0, -1, 2.5, 1e21, '007', '1.0', '0x1F', '.inf', 'NaN'],
      words: ['null', 'Null', '~', 'true', 'y', 'N', '-dash', 'trailing:', ': lead', 'a: b', 'http://x/y'],
      strings: ['multi\nline\ntext', 'tab\there', '\u0085next line', 'bom\ufeff', 'emoji 🚀', ' padded ', "quote ' and \" both", 'back\\slash'],
      empties: { map: {}, list: [], nothing: null, inList: [{}, [], null] },
      nested: [[1, [2, 3]], [{ a: [{ b: {} }] }], { c: [[]] }],
      deep: { a: { b: { c: { d: [{ e: { f: 'g' } }] } } } },
      '10': 'integer-like keys come first in a JavaScript object',
      bool: false,
    });
  });

  it('reads keys as own properties only, as an admission request body parses them', () => {
    expectSameAsParsed(JSON.parse('{"kind": "Pod", "__proto__": {"polluted": true}, "constructor": "c", "metadata": {"toString": {}}}') as Record<string, unknown>);
  });

  it('writes an empty object inline', () => {
    expectSameAsParsed({});
  });

  it('builds nothing until a location is asked for', () => {
    const value = { kind: 'Pod', metadata: { name: 'p' } };
    const document = valueDocument('admission://p', value);
    expect(document.value).toBe(value);
    expect(document.locate(['metadata', 'name'])).toEqual({
      location: { file: 'admission://p', startLine: 3, startColumn: 3, endLine: 3, endColumn: 10 },
      exact: true,
    });
  });
});
