import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Fix, JsonPath, ObjectPatchOp } from '../core/fix.js';
import { parseYamlFile } from '../parsers/kubernetes/documents.js';
import { extractObjects } from '../parsers/kubernetes/objects.js';
import { setField } from '../checks/rules/kubernetes/fixes.js';
import { privileged } from '../checks/rules/kubernetes/pss/privileged.js';
import { runRule } from '../testing/kubernetes.js';
import { unifiedDiff } from './diff.js';
import { applyObjectPatches, type ObjectPatch } from './yaml-patch.js';

const CONTAINER = ['spec', 'template', 'spec', 'containers', 0];

function add(path: JsonPath, value: unknown): ObjectPatchOp {
  return { op: 'add', path, value };
}

function objectPatch(description: string, ops: ObjectPatchOp[], documentIndex = 0, basePath: JsonPath = []): ObjectPatch {
  return { documentIndex, basePath, fix: { kind: 'object-patch', description, ops } };
}

function readBack(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => d.toJS());
}

/** Independent oracle: the documents as plain data with the ops applied. */
function expectedAfter(text: string, patches: ObjectPatch[]): unknown[] {
  const documents = readBack(text);
  for (const { documentIndex, basePath, fix } of patches) {
    if (fix.kind !== 'object-patch') continue;
    for (const { path, value } of fix.ops) {
      let node = documents[documentIndex] as Record<string | number, unknown>;
      const full = [...basePath, ...path];
      full.slice(0, -1).forEach((segment) => {
        if (node[segment] === null || typeof node[segment] !== 'object') node[segment] = {};
        node = node[segment] as Record<string | number, unknown>;
      });
      node[full.at(-1)!] = value;
    }
  }
  return documents;
}

/** The `+`/`-` lines of the unified diff, without its file headers. */
function changedLines(before: string, after: string): string[] {
  return unifiedDiff('f.yaml', before, after)
    .split('\n')
    .filter((line) => /^[+-]/.test(line) && !/^(\+\+\+|---) [ab]\//.test(line));
}

/** Applies, checks the result reads back as the patched data, and that a second run changes nothing. */
function applyClean(text: string, patches: ObjectPatch[]): { output: string; changed: string[] } {
  const result = applyObjectPatches(text, patches);
  expect(result.skipped).toEqual([]);
  expect(result.applied).toBe(patches.length);
  expect(readBack(result.output)).toEqual(expectedAfter(text, patches));
  const again = applyObjectPatches(result.output, patches);
  expect(again).toEqual({ output: result.output, applied: 0, skipped: [] });
  return { output: result.output, changed: changedLines(text, result.output) };
}

const DEPLOYMENT = `# Web front end.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # keep in sync with the Service
  labels: {app: web, tier: "frontend"}
spec:
  replicas: 2

  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        # The application itself.
        - name: app
          image: 'registry.example.com/web:1.4.2'
          args: ["--port", "8080"]
          ports:
            - containerPort: 8080
        - name: sidecar
          image: busybox:1.36
      # volumes come later
`;

describe('applyObjectPatches on block maps', () => {
  it('creates a missing securityContext after the container\'s last entry, leaving every other line alone', () => {
    const { output, changed } = applyClean(DEPLOYMENT, [
      objectPatch('disallow privilege escalation', [add([...CONTAINER, 'securityContext', 'allowPrivilegeEscalation'], false)]),
    ]);
    expect(changed).toEqual(['+          securityContext:', '+            allowPrivilegeEscalation: false']);
    expect(output).toContain('            - containerPort: 8080\n          securityContext:\n            allowPrivilegeEscalation: false\n        - name: sidecar');
    expect(output).toContain('# Web front end.');
    expect(output).toContain("image: 'registry.example.com/web:1.4.2'");
    expect(output).toContain('# volumes come later');
  });

  it('merges several fixes that create the same parent into one block', () => {
    const { changed } = applyClean(DEPLOYMENT, [
      objectPatch('no escalation', [add([...CONTAINER, 'securityContext', 'allowPrivilegeEscalation'], false)]),
      objectPatch('drop capabilities', [add([...CONTAINER, 'securityContext', 'capabilities', 'drop'], ['ALL'])]),
      objectPatch('seccomp', [add([...CONTAINER, 'securityContext', 'seccompProfile'], { type: 'RuntimeDefault' })]),
    ]);
    expect(changed).toEqual([
      '+          securityContext:',
      '+            allowPrivilegeEscalation: false',
      '+            capabilities:',
      '+              drop:',
      '+                - ALL',
      '+            seccompProfile:',
      '+              type: RuntimeDefault',
    ]);
  });

  it('adds to an existing map with the siblings\' indentation and keeps its comments', () => {
    const text = DEPLOYMENT.replace(
      '          image: busybox:1.36\n',
      '          image: busybox:1.36\n          securityContext:\n            runAsNonRoot: true   # required by PSS\n',
    );
    const { output, changed } = applyClean(text, [
      objectPatch('no escalation', [add(['spec', 'template', 'spec', 'containers', 1, 'securityContext', 'allowPrivilegeEscalation'], false)]),
    ]);
    expect(changed).toEqual(['+            allowPrivilegeEscalation: false']);
    expect(output).toContain('runAsNonRoot: true   # required by PSS\n            allowPrivilegeEscalation: false\n      # volumes come later');
  });

  it('follows 4-space indentation with sequences flush under their key', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '    name: api',
      'spec:',
      '    template:',
      '        spec:',
      '            containers:',
      '            - name: api',
      '              image: api:2',
      '              env:',
      '              - name: MODE',
      '                value: prod',
      '',
    ].join('\n');
    const { output, changed } = applyClean(text, [
      objectPatch('drop capabilities', [add([...CONTAINER, 'securityContext', 'capabilities', 'drop'], ['ALL'])]),
    ]);
    expect(changed).toEqual([
      '+              securityContext:',
      '+                  capabilities:',
      '+                      drop:',
      '+                      - ALL',
    ]);
    expect(output.endsWith('                value: prod\n              securityContext:\n                  capabilities:\n                      drop:\n                      - ALL\n')).toBe(true);
  });

  it('replaces a scalar in place, keeping its trailing comment and its quoting style', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '  - name: app',
      '    image: app:1',
      '    securityContext:',
      '      privileged: true    # TODO remove',
      '      seccompProfile:',
      '        type: "Unconfined"',
      '',
    ].join('\n');
    const { output, changed } = applyClean(text, [
      objectPatch('not privileged', [{ op: 'replace', path: ['spec', 'containers', 0, 'securityContext', 'privileged'], value: false }]),
      objectPatch('seccomp', [{ op: 'replace', path: ['spec', 'containers', 0, 'securityContext', 'seccompProfile', 'type'], value: 'RuntimeDefault' }]),
    ]);
    expect(changed).toEqual([
      '-      privileged: true    # TODO remove',
      '+      privileged: false    # TODO remove',
      '-        type: "Unconfined"',
      '+        type: "RuntimeDefault"',
    ]);
    expect(output).toContain('privileged: false    # TODO remove');
  });

  it('replaces a block sequence in place at its own indentation', () => {
    const text = 'kind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities:\n        drop:\n          - NET_RAW   # old\n          - CHOWN\n        add: [NET_BIND_SERVICE]\n';
    const { changed } = applyClean(text, [
      objectPatch('drop all', [{ op: 'replace', path: ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], value: ['ALL'] }]),
    ]);
    expect(changed).toEqual(['-          - NET_RAW   # old', '-          - CHOWN', '+          - ALL']);
  });

  it('fills an empty value, keeping a comment on the key line', () => {
    for (const [empty, line] of [
      ['securityContext:', '    securityContext:'],
      ['securityContext: # hardened below', '    securityContext: # hardened below'],
      ['securityContext: ~', '    securityContext:'],
    ] as const) {
      const text = `kind: Pod\nspec:\n  containers:\n  - name: a\n    ${empty}\n    image: a\n`;
      const { output } = applyClean(text, [
        objectPatch('no escalation', [add(['spec', 'containers', 0, 'securityContext', 'allowPrivilegeEscalation'], false)]),
      ]);
      expect(output).toBe(`kind: Pod\nspec:\n  containers:\n  - name: a\n${line}\n      allowPrivilegeEscalation: false\n    image: a\n`);
    }
  });

  it('inserts after a block scalar that ends the map', () => {
    const text = 'kind: Pod\nspec:\n  containers:\n  - name: a\n    command:\n    - sh\n    args:\n    - |\n      echo hi\n      sleep 1\n  restartPolicy: Never\n';
    const { output } = applyClean(text, [objectPatch('pod sc', [add(['spec', 'securityContext', 'runAsNonRoot'], true)])]);
    expect(output).toBe(text + '  securityContext:\n    runAsNonRoot: true\n');
  });

  it('grows nested maps in the right order at the end of a file without a final newline', () => {
    const text = 'kind: Pod\nspec:\n  securityContext:\n    runAsUser: 1000';
    const { output } = applyClean(text, [
      objectPatch('non-root', [add(['spec', 'securityContext', 'runAsNonRoot'], true)]),
      objectPatch('host network', [add(['spec', 'hostNetwork'], false)]),
    ]);
    expect(output).toBe('kind: Pod\nspec:\n  securityContext:\n    runAsUser: 1000\n    runAsNonRoot: true\n  hostNetwork: false');
  });

  it('quotes strings Kubernetes would otherwise read as another type', () => {
    const { output } = applyClean('kind: ConfigMap\ndata:\n  a: b\n', [
      objectPatch('values', [add(['data', 'enabled'], 'yes'), add(['data', 'port'], '8080'), add(['data', 'msg'], 'a: b, c')]),
    ]);
    expect(output).toBe('kind: ConfigMap\ndata:\n  a: b\n  enabled: "yes"\n  port: "8080"\n  msg: "a: b, c"\n');
  });
});

describe('applyObjectPatches on flow maps', () => {
  const pod = (securityContext: string) => `kind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext: ${securityContext}   # flow\n`;
  const path = ['spec', 'containers', 0, 'securityContext'];

  it('rewrites only the flow node', () => {
    for (const [before, after] of [
      ['{}', '{allowPrivilegeEscalation: false}'],
      ['{runAsUser: 1000}', '{runAsUser: 1000, allowPrivilegeEscalation: false}'],
      ['{ runAsUser: 1000, }', '{ runAsUser: 1000, allowPrivilegeEscalation: false, }'],
    ]) {
      const { output, changed } = applyClean(pod(before!), [objectPatch('no escalation', [add([...path, 'allowPrivilegeEscalation'], false)])]);
      expect(output).toBe(pod(after!));
      expect(changed).toHaveLength(2);
    }
  });

  it('creates nested maps and sequences inside a flow map as flow', () => {
    const { output } = applyClean(pod('{runAsUser: 1000}'), [
      objectPatch('drop', [add([...path, 'capabilities', 'drop'], ['ALL'])]),
      objectPatch('seccomp', [add([...path, 'seccompProfile'], { type: 'RuntimeDefault' })]),
    ]);
    expect(output).toBe(pod('{runAsUser: 1000, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}}'));
  });

  it('replaces a value inside a flow map', () => {
    const { output } = applyClean(pod('{privileged: true, runAsUser: 0}'), [
      objectPatch('not privileged', [{ op: 'replace', path: [...path, 'privileged'], value: false }]),
    ]);
    expect(output).toBe(pod('{privileged: false, runAsUser: 0}'));
  });
});

describe('applyObjectPatches across documents', () => {
  it('patches only the addressed document of a multi-document file', () => {
    const text = [
      '---',
      '# service first',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web}',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: web',
      'spec:',
      '  containers:',
      '  - name: web',
      '    image: web:1',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: other',
      'spec:',
      '  containers:',
      '  - name: other',
      '    image: other:1',
      '',
    ].join('\n');
    const { output, changed } = applyClean(text, [
      objectPatch('no escalation', [add(['spec', 'containers', 0, 'securityContext', 'allowPrivilegeEscalation'], false)], 1),
    ]);
    expect(changed).toEqual(['+    securityContext:', '+      allowPrivilegeEscalation: false']);
    expect(output).toContain('    image: web:1\n    securityContext:\n      allowPrivilegeEscalation: false\n---\n');
  });

  it('patches an object inside a List through its base path', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata: {name: a}',
      '  spec:',
      '    containers: [{name: a, image: a}]',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata: {name: b}',
      '  spec:',
      '    containers:',
      '    - name: b',
      '      image: b',
      '',
    ].join('\n');
    const { changed } = applyClean(text, [
      objectPatch('non-root b', [add(['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], true)], 0, ['items', 1]),
      objectPatch('non-root a', [add(['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], true)], 0, ['items', 0]),
    ]);
    expect(changed).toEqual([
      '-    containers: [{name: a, image: a}]',
      '+    containers: [{name: a, image: a, securityContext: {runAsNonRoot: true}}]',
      '+      securityContext:',
      '+        runAsNonRoot: true',
    ]);
  });

  it('keeps CRLF line endings on every inserted line', () => {
    const text = 'kind: Pod\r\nspec:\r\n  containers:\r\n  - name: a # main\r\n    image: a\r\n  volumes: []\r\n';
    const { output } = applyClean(text, [
      objectPatch('caps', [add(['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], ['ALL'])]),
      objectPatch('pod', [add(['spec', 'securityContext', 'runAsNonRoot'], true)]),
    ]);
    expect(output).toBe(
      'kind: Pod\r\nspec:\r\n  containers:\r\n  - name: a # main\r\n    image: a\r\n    securityContext:\r\n      capabilities:\r\n        drop:\r\n        - ALL\r\n' +
        '  volumes: []\r\n  securityContext:\r\n    runAsNonRoot: true\r\n',
    );
    expect(output.replace(/\r\n/g, '')).not.toContain('\n');
  });
});

describe('applyObjectPatches skips what it cannot apply safely', () => {
  const text = 'kind: Pod\nspec:\n  containers:\n  - name: a\n    image: a\n';

  it('reports YAML that no longer parses', () => {
    const broken = 'kind: Pod\nspec:\n  containers: [\n';
    const result = applyObjectPatches(broken, [objectPatch('fix', [add(['spec', 'hostPID'], false)])]);
    expect(result.output).toBe(broken);
    expect(result.applied).toBe(0);
    expect(result.skipped).toEqual([{ description: 'fix', reason: expect.stringMatching(/no longer parses as YAML/) }]);
  });

  it('reports paths and documents that are gone', () => {
    const result = applyObjectPatches(text, [
      objectPatch('third container', [add(['spec', 'containers', 2, 'securityContext', 'privileged'], false)]),
      objectPatch('replace missing', [{ op: 'replace', path: ['spec', 'containers', 0, 'securityContext', 'privileged'], value: false }]),
      objectPatch('second document', [add(['spec', 'hostPID'], false)], 1),
      objectPatch('through a scalar', [add(['spec', 'containers', 0, 'image', 'tag'], 'x')]),
      objectPatch('list item gone', [add(['spec', 'hostPID'], false)], 0, ['items', 0]),
    ]);
    expect(result.output).toBe(text);
    expect(result.applied).toBe(0);
    expect(result.skipped.map((s) => [s.description, s.reason])).toEqual([
      ['third container', 'spec.containers[2] no longer exists; the file changed since the scan'],
      ['replace missing', 'spec.containers[0].securityContext.privileged no longer exists; the file changed since the scan'],
      ['second document', 'document 2 no longer exists in the file'],
      ['through a scalar', 'spec.containers[0].image is a scalar, not a map; the file changed since the scan'],
      ['list item gone', 'items[0] no longer exists; the file changed since the scan'],
    ]);
  });

  it('skips a fix whose value conflicts with an earlier fix, and applies a fix wholly or not at all', () => {
    const result = applyObjectPatches(text, [
      objectPatch('run as 1000', [add(['spec', 'securityContext', 'runAsUser'], 1000)]),
      objectPatch('run as 2000 and non-root', [add(['spec', 'securityContext', 'runAsNonRoot'], true), add(['spec', 'securityContext', 'runAsUser'], 2000)]),
      objectPatch('same as the first', [add(['spec', 'securityContext', 'runAsUser'], 1000)]),
    ]);
    expect(result.skipped).toEqual([
      { description: 'run as 2000 and non-root', reason: 'another fix sets spec.securityContext.runAsUser to a different value' },
    ]);
    expect(result.applied).toBe(1);
    expect(result.output).toBe(text + '  securityContext:\n    runAsUser: 1000\n');
  });

  it('refuses to edit through an alias or an anchored node, which would change every place that uses the anchor', () => {
    const aliased = 'kind: Pod\nspec:\n  containers:\n  - &base\n    name: a\n  - *base\n';
    const result = applyObjectPatches(aliased, [
      objectPatch('through the alias', [add(['spec', 'containers', 1, 'securityContext', 'privileged'], false)]),
      objectPatch('on the anchor', [add(['spec', 'containers', 0, 'securityContext', 'privileged'], false)]),
    ]);
    expect(result.output).toBe(aliased);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      'spec.containers[1] is a YAML alias; edit the anchored node by hand',
      'spec.containers[0] is anchored as &base and reused by an alias; edit it by hand',
    ]);
  });

  it('skips a fix whose edit would not read back as intended, and still applies the others', () => {
    // The explicit !!null tag would end up on the new block map, which no longer reads as the patched object.
    const tagged = 'kind: Pod\nspec:\n  securityContext: !!null\n  containers:\n  - name: a\n';
    const result = applyObjectPatches(tagged, [
      objectPatch('non-root', [add(['spec', 'securityContext', 'runAsNonRoot'], true)]),
      objectPatch('no escalation', [add(['spec', 'containers', 0, 'securityContext', 'allowPrivilegeEscalation'], false)]),
    ]);
    expect(result.skipped).toEqual([{ description: 'non-root', reason: expect.stringMatching(/would not read back as the patched object/) }]);
    expect(result.applied).toBe(1);
    expect(result.output).toBe(tagged + '    securityContext:\n      allowPrivilegeEscalation: false\n');
  });

  it('rejects a Dockerfile fix handed to the YAML engine', () => {
    const fix: Fix = { kind: 'text-edit', description: 'user', edits: [{ range: [0, 0], text: 'x' }] };
    const result = applyObjectPatches(text, [{ documentIndex: 0, basePath: [], fix }]);
    expect(result).toEqual({ output: text, applied: 0, skipped: [{ description: 'user', reason: 'not an object patch' }] });
  });
});

describe('applyObjectPatches with fixes from rules', () => {
  it('fixes what a rule reported, so a rescan is clean', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: debug',
      'spec:',
      '  containers:',
      '  - name: shell',
      '    image: busybox:1.36',
      '    securityContext:',
      '      privileged: true   # needed for strace',
      '  initContainers:',
      '  - name: init',
      '    image: busybox:1.36',
      '    securityContext: {privileged: true}',
      '',
    ].join('\n');
    const hits = runRule(privileged, text);
    expect(hits).toHaveLength(2);
    const { output, changed } = applyClean(text, hits.map((hit) => ({ documentIndex: 0, basePath: [], fix: hit.fix! })));
    expect(changed).toEqual([
      '-      privileged: true   # needed for strace',
      '+      privileged: false   # needed for strace',
      '-    securityContext: {privileged: true}',
      '+    securityContext: {privileged: false}',
    ]);
    expect(runRule(privileged, output)).toEqual([]);
  });

  it('places fixes built by setField for every object of a multi-document file with a List', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata: {name: a}',
      '  spec:',
      '    containers:',
      '    - {name: a, image: a}',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: b}',
      'spec:',
      '  containers:',
      '  - name: b',
      '    image: b',
      '',
    ].join('\n');
    const path = ['spec', 'containers', 0, 'securityContext', 'readOnlyRootFilesystem'];
    const patches = extractObjects(parseYamlFile('f.yaml', text)).map((object) => ({
      documentIndex: object.document.index,
      basePath: object.basePath,
      fix: setField(object, path, true, 'read-only root filesystem'),
    }));
    const { output } = applyClean(text, patches);
    const reread = extractObjects(parseYamlFile('f.yaml', output));
    expect(reread.map((object) => [object.name, object.basePath, object.raw.spec])).toEqual([
      ['a', ['items', 0], { containers: [{ name: 'a', image: 'a', securityContext: { readOnlyRootFilesystem: true } }] }],
      ['b', [], { containers: [{ name: 'b', image: 'b', securityContext: { readOnlyRootFilesystem: true } }] }],
    ]);
  });
});

describe('applyObjectPatches on merge keys', () => {
  it('leaves a field merged in with `<<` alone and says why', () => {
    const merged = 'kind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      <<: {privileged: true}\n';
    const result = applyObjectPatches(merged, [objectPatch('not privileged', [{ op: 'replace', path: ['spec', 'containers', 0, 'securityContext', 'privileged'], value: false }])]);
    expect(result).toEqual({
      output: merged,
      applied: 0,
      skipped: [{ description: 'not privileged', reason: 'spec.containers[0].securityContext.privileged comes from a YAML merge key (<<); fix it where the merged mapping is defined' }],
    });
  });
});
