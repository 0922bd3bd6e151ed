import { describe, expect, it } from 'vitest';
import { parseYamlFile } from '../../../parsers/kubernetes/documents.js';
import { extractObjects, type KubernetesObject } from '../../../parsers/kubernetes/objects.js';
import { secretRules } from '../../rules/secrets/index.js';
import { scanSecrets } from '../search/scan.js';
import { checksummedToken } from '../detectors/testing/tokens.js';
import type { SecretMatch } from '../types.js';
import { clearValuesOf, encodedValuesOf, MAX_DECODED_OBJECT_BYTES, MAX_DECODED_VALUE_BYTES, searchClearValues, searchDecodedValues } from './object-values.js';

const token = checksummedToken('ghp_', 41);
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const detectors = secretRules.map((r) => r.detector);
const scan = (text: string): SecretMatch[] => scanSecrets(text, { detectors });

function object(yaml: string): KubernetesObject {
  const parsed = parseYamlFile('test.yaml', yaml);
  expect(parsed.errors).toEqual([]);
  return extractObjects(parsed)[0]!;
}

const secret = (data: Record<string, string>, field = 'data') =>
  object(`apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n${field}:\n${Object.entries(data).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join('\n')}\n`);

describe('encodedValuesOf', () => {
  it('decodes every Secret data value under its key, whatever the key is called', () => {
    const values = encodedValuesOf(secret({ k8sgoatvaultkey: b64(token), other: b64('plain words') }));
    expect(values.decoded.map((v) => [v.path, v.origin, v.text])).toEqual([
      [['data', 'k8sgoatvaultkey'], 'Secret data key "k8sgoatvaultkey"', `k8sgoatvaultkey: ${token}`],
      [['data', 'other'], 'Secret data key "other"', 'other: plain words'],
    ]);
    expect(values.paths).toEqual([['data', 'k8sgoatvaultkey'], ['data', 'other']]);
    expect(values.skipped).toEqual([]);
  });

  it('decodes base64 wrapped over lines, as the API server does, and a decoded file below its key', () => {
    const wrapped = b64(token).replace(/(.{20})/g, '$1\n');
    const values = encodedValuesOf(object(`kind: Secret\napiVersion: v1\ndata:\n  key: |\n    ${wrapped.split('\n').join('\n    ')}\n  env: ${b64('A=1\nB=2\n')}\n`));
    expect(values.decoded.map((v) => v.text)).toEqual([`key: ${token}`, 'env: |\nA=1\nB=2']);
  });

  it('reads ConfigMap binaryData, and nothing else of other kinds', () => {
    const configMap = object(`apiVersion: v1\nkind: ConfigMap\ndata:\n  plain: ${b64(token)}\nbinaryData:\n  blob: ${b64(token)}\n`);
    expect(encodedValuesOf(configMap).decoded.map((v) => v.origin)).toEqual(['ConfigMap binaryData key "blob"']);
    expect(encodedValuesOf(object(`apiVersion: v1\nkind: Pod\ndata:\n  x: ${b64(token)}\n`)).paths).toEqual([]);
  });

  it('decodes nothing from a value the API server would reject, from binary content or from an empty value', () => {
    const values = encodedValuesOf(secret({ raw: token, unpadded: b64(token).replace(/=+$/, '') || 'YWJj', urlsafe: b64(token).replace(/\+/g, '-') + '-', empty: '' }));
    const binary = encodedValuesOf(secret({ keystore: Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, ...Buffer.from(token)]).toString('base64') }));
    expect(values.decoded).toEqual([]);
    expect(values.paths.length).toBe(4);
    expect(binary.decoded).toEqual([]);
  });

  it('skips, and says so, a value over the per-value limit and values past the per-object budget', () => {
    const big = 'A'.repeat(Math.ceil(((MAX_DECODED_VALUE_BYTES + 3) * 4) / 3 / 4) * 4);
    const over = encodedValuesOf(secret({ big, small: b64(token) }));
    expect(over.decoded.map((v) => v.path)).toEqual([['data', 'small']]);
    expect(over.skipped).toEqual([{ path: ['data', 'big'], reason: expect.stringContaining(`more than the ${MAX_DECODED_VALUE_BYTES} bytes a value may hold`) }]);
    const chunk = b64('x'.repeat(MAX_DECODED_VALUE_BYTES - 1000));
    const many = encodedValuesOf(secret({ a: chunk, b: chunk, c: chunk }));
    expect(many.decoded.length).toBe(Math.floor(MAX_DECODED_OBJECT_BYTES / (MAX_DECODED_VALUE_BYTES - 1000)));
    expect(many.skipped.map((s) => s.reason)).toEqual([expect.stringContaining(`the ${MAX_DECODED_OBJECT_BYTES} bytes searched per object`)]);
  });

  it('quotes and shortens keys before they go into a message', () => {
    const [value] = encodedValuesOf(secret({ ['k'.repeat(300)]: b64(token) })).decoded;
    expect(value!.origin).toBe(`Secret data key "${'k'.repeat(100)}…"`);
  });
});

describe('clearValuesOf', () => {
  it('lists stringData, ConfigMap data, commands, arguments, env values and annotations, written as a manifest writes them', () => {
    const deployment = object(
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  annotations:\n    note: hello\nspec:\n  template:\n    metadata:\n      annotations:\n        inner: x\n` +
        `    spec:\n      containers:\n      - name: c\n        command: [sh, -c]\n        args: ["echo a\\necho b\\n"]\n        env:\n        - name: TOKEN\n          value: abc\n        - name: FROM\n          valueFrom: {secretKeyRef: {name: s, key: k}}\n      initContainers:\n      - name: i\n        env:\n        - name: CONF\n          value: "a\\nb"\n`,
    );
    expect(clearValuesOf(deployment)).toEqual([
      { path: ['metadata', 'annotations', 'note'], text: 'note: hello' },
      { path: ['spec', 'template', 'metadata', 'annotations', 'inner'], text: 'inner: x' },
      { path: ['spec', 'template', 'spec', 'containers', 0, 'command', 0], text: '- sh' },
      { path: ['spec', 'template', 'spec', 'containers', 0, 'command', 1], text: '- -c' },
      { path: ['spec', 'template', 'spec', 'containers', 0, 'args', 0], text: '- |\n  echo a\n  echo b' },
      { path: ['spec', 'template', 'spec', 'containers', 0, 'env', 0, 'value'], text: '- name: TOKEN\n  value: abc' },
      { path: ['spec', 'template', 'spec', 'initContainers', 0, 'env', 0, 'value'], text: '- name: CONF\n  value: |\n    a\n    b' },
    ]);
    expect(clearValuesOf(secret({ api: 'v' }, 'stringData'))).toEqual([{ path: ['stringData', 'api'], text: 'api: v' }]);
    expect(clearValuesOf(secret({ api: b64('v') }))).toEqual([]);
    expect(clearValuesOf(object('apiVersion: v1\nkind: ConfigMap\ndata:\n  k8sgoatvaultkey: v\n'))).toEqual([{ path: ['data', 'k8sgoatvaultkey'], text: 'k8sgoatvaultkey: v' }]);
  });

  it('passes over values of the wrong shape, as an admission request may send them', () => {
    const raw = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { annotations: 'not a map' },
      spec: { containers: [{ name: 'c', env: 'not a list', args: [1, null, { a: 'b' }, 'ok'] }, 'not a container', { env: [null, { name: 1, value: 2 }, { value: 'x' }] }] },
    };
    const pod = object(JSON.stringify(raw));
    expect(clearValuesOf(pod)).toEqual([
      { path: ['spec', 'containers', 0, 'args', 3], text: '- ok' },
      { path: ['spec', 'containers', 2, 'env', 2, 'value'], text: '- value: x' },
    ]);
    const secret = object(JSON.stringify({ apiVersion: 'v1', kind: 'Secret', data: { n: 1, z: null, l: ['YQ=='] }, stringData: ['x'] }));
    expect(encodedValuesOf(secret)).toEqual({ decoded: [], paths: [], skipped: [] });
    expect(clearValuesOf(secret)).toEqual([]);
  });

  it('costs nothing for an object without such values', () => {
    expect(clearValuesOf(object('apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports: [{port: 80}]\n'))).toEqual([]);
  });
});

describe('searching values', () => {
  it('finds a token in a decoded value under any key, and gives each match its value', () => {
    const found = searchDecodedValues(encodedValuesOf(secret({ plain: b64('nothing here at all'), k8sgoatvaultkey: b64(token) })).decoded, scan);
    expect(found.map((f) => [f.value.path, f.match.secret, f.match.detector.id])).toEqual([[['data', 'k8sgoatvaultkey'], token, 'github-pat']]);
  });

  it('searches clear values as one text and maps each match back by line', () => {
    const second = checksummedToken('ghp_', 42);
    const configMap = object(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    a: one\ndata:\n  multi: |\n    line\n    k8sgoatvaultkey=${token}\n  k8sgoatvaultkey: ${second}\n`);
    const found = searchClearValues(clearValuesOf(configMap), scan);
    expect(found.map((f) => [f.value.path, f.match.secret])).toEqual([
      [['data', 'multi'], token],
      [['data', 'k8sgoatvaultkey'], second],
    ]);
    expect(searchClearValues([], scan)).toEqual([]);
  });
});
