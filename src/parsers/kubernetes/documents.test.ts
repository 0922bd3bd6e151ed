import { describe, expect, it } from 'vitest';
import { isJsonManifest, locate, parseYamlFile, topLevelJsonKeys } from './documents.js';
import { extractObjects } from './objects.js';

const DEPLOYMENT = `# leading comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          securityContext:
            privileged: true
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: {name: a}
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: b}
`;

describe('parseYamlFile', () => {
  it('parses multi-document files and expands List items', () => {
    const parsed = parseYamlFile('m.yaml', DEPLOYMENT);
    expect(parsed.errors).toEqual([]);
    expect(extractObjects(parsed).map((o) => `${o.kind}/${o.name}`)).toEqual(['Deployment/web', 'Service/a', 'ConfigMap/b']);
  });

  it('locates a scalar field as its key: value text', () => {
    const [doc] = parseYamlFile('m.yaml', DEPLOYMENT).documents;
    const { location, exact } = locate(doc!, ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged']);
    expect(exact).toBe(true);
    expect(location).toEqual({ file: 'm.yaml', startLine: 12, startColumn: 13, endLine: 12, endColumn: 29 });
  });

  it('locates a missing field at its nearest existing ancestor', () => {
    const [doc] = parseYamlFile('m.yaml', DEPLOYMENT).documents;
    const { location, exact } = locate(doc!, ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits']);
    expect(exact).toBe(false);
    expect(location.startLine).toBe(10);
  });

  it('locates List items inside their document', () => {
    const objects = extractObjects(parseYamlFile('m.yaml', DEPLOYMENT));
    expect(objects[2]!.locate(['metadata', 'name']).location.startLine).toBe(22);
  });

  it('reports invalid YAML with its line and keeps the valid documents', () => {
    const parsed = parseYamlFile('bad.yaml', 'apiVersion: v1\nkind: Pod\n---\nkey: [unclosed\n---\napiVersion: v1\nkind: ConfigMap\n');
    expect(parsed.errors.length).toBeGreaterThan(0);
    // The parser notices the unclosed sequence where the next document starts.
    expect(parsed.errors[0]!.line).toBe(5);
    expect(extractObjects(parsed).map((o) => o.kind)).toEqual(['Pod', 'ConfigMap']);
  });

  it('reports duplicate keys', () => {
    const parsed = parseYamlFile('dup.yaml', 'apiVersion: v1\nkind: Pod\nkind: Service\n');
    expect(parsed.errors).toEqual([{ file: 'dup.yaml', line: 3, message: 'invalid YAML: Map keys must be unique' }]);
  });

  it('stops alias bombs instead of expanding them', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`);
    const parsed = parseYamlFile('bomb.yaml', bomb.join('\n'));
    expect(parsed.documents).toEqual([]);
    expect(parsed.errors[0]!.message).toBe('invalid YAML: too many alias expansions (possible alias bomb)');
  });

  it('reports nesting too deep to parse instead of overflowing the stack', () => {
    const parsed = parseYamlFile('deep.yaml', `a: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
    expect(parsed.errors).toEqual([{ file: 'deep.yaml', line: 1, message: 'invalid YAML: nesting too deep to parse' }]);
  });

  it('finds duplicate keys on the careful path too (a file with aliases takes it)', () => {
    const parsed = parseYamlFile('dup.yaml', 'a: &x 1\nb: *x\nnested:\n  c: 1\n  c: 2\n');
    expect(parsed.errors).toEqual([{ file: 'dup.yaml', line: 5, message: 'invalid YAML: Map keys must be unique' }]);
  });

  it('reports an undefined alias', () => {
    const parsed = parseYamlFile('alias.yaml', 'apiVersion: v1\nkind: Pod\nspec: *nothing\n');
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]!.line).toBeGreaterThan(0);
  });

  it('keeps the YAML library\'s warnings about the input off the process (a template key read as a map)', async () => {
    const warnings: Error[] = [];
    const listener = (warning: Error) => warnings.push(warning);
    process.on('warning', listener);
    try {
      const parsed = parseYamlFile('secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: auth\ndata:\n  htpasswd: {{ htpasswd }}\n');
      expect(extractObjects(parsed).map((o) => o.kind)).toEqual(['Secret']);
      // Node emits process warnings on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.message)).toEqual([]);
    } finally {
      process.off('warning', listener);
    }
  });

  it('passes over YAML that is not a Kubernetes object', () => {
    const parsed = parseYamlFile('ci.yml', 'on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n');
    expect(parsed.errors).toEqual([]);
    expect(extractObjects(parsed)).toEqual([]);
  });

  it('scopes rampart:ignore comments to the node below them, or the whole document at its top', () => {
    const text = `# rampart:ignore k8s/pss-privileged CNI plugin needs it
apiVersion: v1
kind: Pod
metadata:
  name: x
spec:
  containers:
    # rampart:ignore k8s/image-tag-latest, k8s/image-no-digest pinned by the operator
    - name: app
      image: x:latest
      securityContext: {privileged: true} # rampart:ignore k8s/pss-privileged: trailing
`;
    const parsed = parseYamlFile('p.yaml', text);
    expect(parsed.ignoreDirectives).toEqual([
      { ruleIds: ['k8s/pss-privileged'], reason: 'CNI plugin needs it', line: 1, fromLine: 2, toLine: 11 },
      { ruleIds: ['k8s/image-tag-latest', 'k8s/image-no-digest'], reason: 'pinned by the operator', line: 8, fromLine: 9, toLine: 11 },
      { ruleIds: ['k8s/pss-privileged'], reason: 'trailing', line: 11, fromLine: 11, toLine: 11 },
    ]);
  });
});

describe('isJsonManifest: a broken manifest is an error, other JSON is not ours', () => {
  const POD = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"},\n  "spec": {"containers": [{"name": "a", "image": "x", "securityContext": {\n    "privileged": false,\n    "privileged": true}}]}\n}\n';
  const judge = (text: string) => {
    const parsed = parseYamlFile('f.json', text);
    return { manifest: isJsonManifest(parsed, extractObjects(parsed).length), errors: parsed.errors };
  };

  it('is a manifest with a duplicate key, reported at the repeated key', () => {
    expect(judge(POD)).toEqual({ manifest: true, errors: [{ file: 'f.json', line: 7, message: 'invalid YAML: Map keys must be unique' }] });
  });

  it('is a manifest when truncated, even before its kind', () => {
    expect(judge(POD.slice(0, 60)).manifest).toBe(true);
    expect(judge('{"apiVersion": "v1"').manifest).toBe(true);
    expect(judge('{"\\u006bind": "List", "items": [').manifest).toBe(true);
    expect(judge(POD.slice(0, 60)).errors).toHaveLength(1);
  });

  it('is not a manifest when valid and no Kubernetes object, or broken with those keys only deeper down', () => {
    expect(judge('{"name": "pkg", "version": "1.0.0", "kind": 3}')).toEqual({ manifest: false, errors: [] });
    expect(judge('{\n  // tsconfig allows comments\n  "compilerOptions": {"strict": true},\n}\n').manifest).toBe(false);
    expect(judge('{"properties": {"apiVersion": {"type": "string"}, "kind": {"type": "str').manifest).toBe(false);
    expect(judge('["apiVersion", "kind"').manifest).toBe(false);
    expect(judge('{"description": "has \\"kind\\": inside", "x": [').manifest).toBe(false);
  });
});

describe('topLevelJsonKeys', () => {
  it('reads the keys of the top-level object up to where the text breaks off', () => {
    expect([...topLevelJsonKeys('{"a": {"b": 1}, "c" : [ {"d": 2} ], "e\\"f": "g", "h"')]).toEqual(['a', 'c', 'e"f']);
    expect([...topLevelJsonKeys('  ')]).toEqual([]);
  });
});
