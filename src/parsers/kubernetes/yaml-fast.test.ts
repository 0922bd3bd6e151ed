import { describe, expect, it } from 'vitest';
import { exampleYamlFiles, pathsOf } from '../../testing/yaml.js';
import { parseYamlFast } from './yaml-fast.js';
import { parseYamlAst } from './yaml-ast.js';

const SAMPLES: Record<string, string> = {
  flowAndBlock: 'apiVersion: v1\nkind: Pod   # trailing\nmetadata: {name: x, labels: {a: b}}\nspec:\n  containers:\n  - name: app\n    args: [a, "b c"]\n    env:\n      - name: K\n        value: |\n          multi\n          line\n  -   name: two\n      image: "quoted"\n',
  commentsAndBlankLines: '# top\n\napiVersion: v1\n\n# between\nkind: ConfigMap\ndata:\n  # inside\n  key: value\n\n  other: >-\n    folded\n    text\n# end\n',
  multiDocument: 'apiVersion: v1\nkind: A\n---\n---\n# only a comment\n---\napiVersion: v1\nkind: B\nitems:\n  - x: 1\n  - - nested\n    - seq\n...\n',
  crlf: 'apiVersion: v1\r\nkind: Pod\r\nspec:\r\n  containers:\r\n    - name: a\r\n      securityContext:\r\n        privileged: true\r\n',
  flowItems: 'ports:\n  - {name: http, containerPort: 8080}\n  - {}\n  - [a, b]\nmixed: [x, {y: 1}, [z]]\n',
  emptyValues: 'a:\nb: ~\nc: null\nd: ""\ne:\n  - x\n  - null\nf: {}\ng: []\n',
  emptyValueBeforeBlankLines: 'on:\n  pull_request:\n\n\npermissions:\n  contents: read\n  key:\n\nlast: x\n',
};

describe('the fast YAML path agrees with the yaml library', () => {
  const samples = { ...SAMPLES, ...exampleYamlFiles() };
  for (const [name, text] of Object.entries(samples)) {
    it(`locates every path the same way in ${name}`, () => {
      const fast = parseYamlFast('f.yaml', text);
      const ast = parseYamlAst('f.yaml', text);
      expect(fast, 'the fast path must accept ordinary manifests').toBeDefined();
      expect(ast.errors).toEqual([]);
      expect(fast!.documents.map((d) => d.value)).toEqual(ast.documents.map((d) => d.value));
      fast!.documents.forEach((document, i) => {
        const reference = ast.documents[i]!;
        expect([document.startLine, document.endLine], `document ${i} span`).toEqual([reference.startLine, reference.endLine]);
        if (document.value === null) return; // an empty document has nothing to point at
        for (const path of pathsOf(document.value)) {
          const a = document.locate(path);
          const b = reference.locate(path);
          expect({ path, start: [a.location.startLine, a.location.startColumn], exact: a.exact }).toEqual({
            path,
            start: [b.location.startLine, b.location.startColumn],
            exact: b.exact,
          });
        }
        for (let line = document.startLine; line <= document.endLine; line++) {
          expect(document.nodeEndLine(line), `nodeEndLine(${line})`).toBe(reference.nodeEndLine(line));
        }
      });
    });
  }

  it('declines files it cannot handle exactly, so the careful path takes them', () => {
    expect(parseYamlFast('f.yaml', 'a: &x {b: 1}\nc: *x\n')).toBeUndefined();
    expect(parseYamlFast('f.yaml', 'a: 1\na: 2\n')).toBeUndefined();
    expect(parseYamlFast('f.yaml', 'a: [\n')).toBeUndefined();
    expect(parseYamlFast('f.yaml', 'items:\n  - \n  - b\n')).toBeUndefined();
  });
});

describe('duplicate keys: both paths refuse them', () => {
  const CASES = {
    'YAML block': 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    privileged: false\n    privileged: true\n',
    'YAML flow': 'apiVersion: v1\nkind: Pod\nspec: {securityContext: {privileged: false, privileged: true}}\n',
    'JSON': '{"apiVersion": "v1", "kind": "Pod", "spec": {"securityContext": {"privileged": false,\n"privileged": true}}}\n',
    'quoted and plain': 'apiVersion: v1\nkind: Pod\n"kind": Service\n',
    'JSON, one key escaped': '{"apiVersion": "v1", "kind": "Pod", "spec": {"securityContext": {"privil\\u0065ged": false,\n"privileged": true}}}\n',
  };
  for (const [name, text] of Object.entries(CASES)) {
    it(`${name}: the fast path declines, the careful path reports the repeated key`, () => {
      expect(parseYamlFast('f', text)).toBeUndefined();
      const careful = parseYamlAst('f', text);
      expect(careful.documents).toEqual([]);
      expect(careful.errors).toEqual([{ file: 'f', line: text.slice(0, text.lastIndexOf(name === 'quoted and plain' ? '"kind"' : 'privileged')).split('\n').length, message: 'invalid YAML: Map keys must be unique' }]);
    });
  }
});

describe('merge keys: read as Kubernetes reads them', () => {
  it('the fast path declines a `<<` key; the careful path merges it, explicit keys first, a quoted "<<" left alone', () => {
    const text = 'base: &b {privileged: true, x: 2}\nsc:\n  <<: *b\n  x: 1\nflow: {<<: {runAsUser: 0}}\nquoted: {"<<": 1}\n';
    expect(parseYamlFast('f', 'sc:\n  <<: {privileged: true}\n')).toBeUndefined();
    const careful = parseYamlAst('f', text);
    expect(careful.errors).toEqual([]);
    expect(careful.documents[0]!.value).toEqual({ base: { privileged: true, x: 2 }, sc: { privileged: true, x: 1 }, flow: { runAsUser: 0 }, quoted: { '<<': 1 } });
  });
});
