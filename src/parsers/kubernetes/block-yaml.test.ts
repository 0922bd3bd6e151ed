import { describe, expect, it } from 'vitest';
import { exampleYamlFiles, pathsOf } from '../../testing/yaml.js';
import { readBlockYaml } from './block-yaml.js';
import { fastDocuments, readWithJsYaml } from './yaml-fast.js';
import { parseYamlAst } from './yaml-ast.js';
import type { YamlDocument } from './yaml-document.js';

/** What a scan sees of a text's documents: values, spans, every path's location and every line's node end. */
function observed(text: string, documents: YamlDocument[]): unknown[] {
  const lines = text.split('\n').length;
  return documents.map((document) => ({
    value: document.value,
    span: [document.startLine, document.endLine],
    located: document.value === null ? [] : pathsOf(document.value).map((path) => [path, document.locate(path)]),
    nodeEnds: Array.from({ length: lines }, (_, i) => document.nodeEndLine(i + 1)),
  }));
}

/** The reader read `text`, and a scan sees exactly what it saw through js-yaml. */
function expectAsJsYaml(text: string): void {
  const read = readBlockYaml(text);
  expect(read, 'the block reader takes this text').toBeDefined();
  const reference = readWithJsYaml(text);
  expect(reference, 'js-yaml takes this text').toBeDefined();
  expect(read!.values).toEqual(reference!.values);
  expect(observed(text, fastDocuments('f.yaml', text, read!))).toEqual(observed(text, fastDocuments('f.yaml', text, reference!)));
}

const TAKEN: Record<string, string> = {
  mappingsAndSequences: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  containers:\n    - name: a\n      image: nginx\n      args:\n        - --port\n        - "8080"\n  volumes:\n  - name: data\n    emptyDir: {}\n',
  nestedSequences: 'items:\n- - a\n  - b\n-\n  - c\n- k: v\n  l:\n  - 1\n',
  plainTypes: 'a: 1\nb: -2\nc: 0x1F\nd: 0o17\ne: 1.5e3\nf: .inf\ng: -.Inf\nh: .NaN\ni: true\nj: False\nk: ~\nl: null\nm: NULL\nn: yes\no: 012\np: +5\nq: 1_000\nr: 2001-12-14\ns: -.5\n',
  typedKeys: '1: one\n0x10: sixteen\ntrue: yes\n~: tilde\n1.5: float\n',
  nullAndBooleanWords: 'Null: nULL\nTRUE: tRUE\nFalse: FALSE\nname: True\nnamespace: NULL\ntype: fALSE\nnulls: [null, Null, NULL, nul, nulll]\nn: [t, f, no, off]\n',
  multiLinePlain: 'description: The first line\n  and the second,\n\n  after a blank line\n    more indented\nnext: x # comment\nother: a-b:c #no comment\n',
  quoted: `single: 'it''s'\ndouble: "tab\\there \\"q\\" \\\\ \\u00e9 \\x41 \\U0001F600 \\/ \\0"\nfolded: "a\n  b\n\n  c"\nsfolded: 'a  \n   b'\n"quoted key": 1\n'single key': 2\nempty: ""\n`,
  literal: 'a: |\n  line 1\n\n    indented\n  line 3\nb: |-\n  stripped\n\n\nc: |+\n  kept\n\n\nd: |\n\n  leading blank\ne: |\n  # not a comment\nf: |-\nlast: x\n',
  folded: 'a: >\n  folded\n  text\n\n  para\n    more\n    indented\n  back\nb: >-\n  x\n  y\nc: >+\n  z\n\n',
  flow: 'a: []\nb: {}\nc: [1, "two", \'three\', four]\nd: {x: 1, "y": two, z: [a, b]}\ne: [--flag, -v]\nf: [a, ]\ng:\n  - {name: http, port: 80}\n  - [x, y]\n',
  commentsEverywhere: '# head\napiVersion: v1 # trailing\n\n# between\nkind: ConfigMap\ndata:\n  # inside\n  key: value   # after\n  # last\n# tail\n',
  emptyValues: 'a:\nb:\n  c:\nd: x\ne:\n\n\nf: {}\n',
  documents: '---\na: 1\n---\n# only a comment\n---\nb: 2\n---\n',
  leadingComments: '# c\n---\na: 1\n--- # note\nb: 2\n',
  indentedRoot: '  a: 1\n  b:\n    - x\n',
  colonsInValues: 'url: http://example.com:8080/path\ntime: "12:30"\nkey: a:b\nweird: x :y\n',
  keysWithSpaces: 'a key: 1\nkey : 2\n',
  deepCrd: `spec:\n  versions:\n    - name: v1\n      schema:\n        openAPIV3Schema:\n          description: Prometheus defines a Prometheus deployment.\n          properties:\n            spec:\n              description: |-\n                Specification of the desired behavior.\n                More info: https://git.k8s.io/community\n              properties:\n                replicas:\n                  format: int32\n                  type: integer\n              type: object\n          type: object\n`,
  dashboard: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  d.json: |-\n    {\n      "panels": [\n        {"expr": "sum(rate(x[5m])) by (pod)", "title": "A: b"}\n      ]\n    }\n',
  controlCharacter: 'a: b\x01c\n',
};

const DECLINED: Record<string, string> = {
  anchor: 'a: &x 1\nb: *x\n',
  tag: 'a: !!str 1\n',
  complexKey: '? a\n: b\n',
  mergeKey: 'base: {a: 1}\nder:\n  <<: {a: 2}\n',
  protoKey: '__proto__: {polluted: true}\n',
  directive: '%YAML 1.2\n---\na: 1\n',
  documentEnd: 'a: 1\n...\n',
  tabIndent: 'a:\n\tb: 1\n',
  tabInPlain: 'a: b\tc\n',
  crlf: 'a: 1\r\nb: 2\r\n',
  byteOrderMark: '\uFEFFa: 1\n',
  duplicateKey: 'a: 1\na: 2\n',
  emptyItem: 'a:\n  -\n  - x\n',
  emptyKey: ': value\n',
  scalarDocument: 'just text\n',
  commentsOnly: '# nothing here\n',
  whitespaceOnly: '\n\n',
  indentationIndicator: 'a: |2\n    x\n',
  multiLineFlow: 'a: [1,\n  2]\n',
  flowKey: '[a]: b\n',
  pairInFlowSequence: 'a: [k: v]\n',
  unclosedQuote: 'a: "open\n',
  unclosedFlow: 'a: [1, 2\n',
  badIndentation: 'a:\n    b: 1\n  c: 2\n',
  valueThenKey: 'a: b: c\n',
  sequenceAfterValue: 'a: 1\n- x\n',
  unknownEscape: 'a: "\\q"\n',
  escapedLineBreak: 'a: "x\\\n  y"\n',
  keyFromIndicator: 'a: 1\n]b: 2\n',
  plainFromIndicator: 'a: [1, >x]\n',
  dashBeforeComma: 'a: [1, -, 2]\n',
  markerRunOn: '---: 1\n',
  nestingTooDeep: `a: ${'['.repeat(600)}${']'.repeat(600)}\n`,
};

describe('readBlockYaml', () => {
  for (const [name, text] of Object.entries(TAKEN)) {
    if (name === 'controlCharacter') continue;
    it(`reads ${name} as js-yaml does`, () => expectAsJsYaml(text));
  }

  for (const [name, text] of Object.entries(exampleYamlFiles())) {
    it(`reads ${name} as js-yaml does`, () => expectAsJsYaml(text));
  }

  it('ends a text without a final line break at its last character, as the careful path does', () => {
    const text = 'a: 1\nb:\n  - x';
    const read = readBlockYaml(text)!;
    expect(read.values).toEqual(readWithJsYaml(text)!.values);
    expect(observed(text, fastDocuments('f.yaml', text, read))).toEqual(observed(text, parseYamlAst('f.yaml', text).documents));
  });

  it('reads control characters js-yaml refuses as text, as the careful path does', () => {
    expect(readWithJsYaml(TAKEN['controlCharacter']!)).toBeUndefined();
    expect(readBlockYaml(TAKEN['controlCharacter']!)?.values).toEqual([{ a: 'b\x01c' }]);
  });

  for (const [name, text] of Object.entries(DECLINED)) {
    it(`declines ${name}`, () => expect(readBlockYaml(text)).toBeUndefined());
  }

  it('keeps its tree compact: no spare capacity once read', () => {
    const read = readBlockYaml(TAKEN['mappingsAndSequences']!)!;
    expect(read.tree.start.length).toBe(read.tree.count);
  });

  // Mutants of the texts above, cut and spliced with YAML's own punctuation: whatever the reader takes, js-yaml takes
  // and reads the same (or refuses only for control characters, which the careful path reads as the reader does).
  it('agrees with js-yaml on every mutant it takes', () => {
    const seeds = [...Object.values(TAKEN), ...Object.values(exampleYamlFiles())];
    const pieces = [' ', '  ', '\n', '\n  ', ':', ': ', '-', '- ', '#', ' #', '"', "'", '|', '>', '[', ']', '{', '}', ',', '\t', 'a', '1', '.', '~', '\\', '\x01', '+', '---\n'];
    let state = 20261207;
    const random = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
      return (state >>> 8) % n;
    };
    let taken = 0;
    for (let i = 0; i < 4000; i++) {
      let text = seeds[random(seeds.length)]!;
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(text.length + 1);
        const piece = pieces[random(pieces.length)]!;
        const op = random(3);
        text = op === 0 ? text.slice(0, at) + piece + text.slice(at) : op === 1 ? text.slice(0, at) + text.slice(at + 1 + random(3)) : text.slice(0, at) + piece + text.slice(at + 1);
      }
      // js-yaml's path places the end of a text without a final line break one column past it.
      if (!text.endsWith('\n')) text += '\n';
      const read = readBlockYaml(text);
      if (!read) continue;
      taken++;
      if (/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/.test(text)) continue;
      const reference = readWithJsYaml(text);
      expect(reference, JSON.stringify(text)).toBeDefined();
      expect(read.values, JSON.stringify(text)).toEqual(reference!.values);
      expect(observed(text, fastDocuments('f.yaml', text, read)), JSON.stringify(text)).toEqual(observed(text, fastDocuments('f.yaml', text, reference!)));
    }
    expect(taken).toBeGreaterThan(1000);
  });
});
