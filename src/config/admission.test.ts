import { afterEach, describe, expect, it } from 'vitest';
import { makeTree, type TempTree } from '../testing/tree.js';
import { defaultAdmissionConfig } from './admission.js';
import { loadConfig } from './config.js';
import { ConfigError } from './config-error.js';

let tree: TempTree | undefined;
afterEach(async () => tree?.cleanup());

async function load(text: string) {
  tree = await makeTree({ 'rampart.yaml': text });
  return loadConfig(tree.path('rampart.yaml'), 'rampart.yaml');
}

async function failure(text: string): Promise<ConfigError> {
  try {
    await load(text);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const KEY = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----';

describe('the admission section of rampart.yaml', () => {
  it('takes the defaults when absent', async () => {
    expect((await load('rules: {}\n')).admission).toEqual(defaultAdmissionConfig());
  });

  it('reads every setting', async () => {
    const config = await load(`
admission:
  defaults: {enforce: Critical, warn: medium, audit: off}
  exemptions:
    namespaces: [monitoring]
    usernames: [ci-bot]
    groups: [system:masters]
    serviceAccounts: [argocd/argocd-application-controller]
    runtimeClasses: [gvisor]
  enforceExisting: true
  timeoutMs: 800
  failurePolicy: Ignore
  fixes: [k8s/pss-privileged, CKV_K8S_20]
  mutations:
    registryMirrors: [{from: docker.io/library/, to: registry.corp/mirror/}]
    tolerations: [{key: dedicated, operator: Equal, value: shop, effect: NoSchedule}]
    nodeSelector: {pool: general}
    labels: {team: shop}
    annotations: {owner: "42"}
    securityContext: {pod: {runAsNonRoot: true}, container: {allowPrivilegeEscalation: false}}
    sidecars:
      - name: log-shipper
        container: {image: registry.corp/fluent-bit:3}
        selector: {logging: "on"}
        volumes: [{name: varlog, emptyDir: {}}]
  imageTrust:
    registries: [registry.corp]
    repositories: [ghcr.io/acme/]
    pinDigests: true
    signatures:
      mode: enforce
      keys: ["${KEY.replace(/\n/g, '\\n')}"]
      repositories: [registry.corp/prod/]
      cacheTtlMs: 60000
      unreachable: Ignore
      insecureRegistries: [127.0.0.1:5000]
`);
    expect(config.admission).toEqual({
      defaults: { enforce: 'critical', warn: 'medium', audit: 'off' },
      exemptions: { namespaces: ['monitoring'], usernames: ['ci-bot'], groups: ['system:masters'], serviceAccounts: ['argocd/argocd-application-controller'], runtimeClasses: ['gvisor'] },
      enforceExisting: true,
      timeoutMs: 800,
      failurePolicy: 'Ignore',
      fixes: ['k8s/pss-privileged', 'CKV_K8S_20'],
      mutations: {
        registryMirrors: [{ from: 'docker.io/library/', to: 'registry.corp/mirror/' }],
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'shop', effect: 'NoSchedule' }],
        nodeSelector: { pool: 'general' },
        labels: { team: 'shop' },
        annotations: { owner: '42' },
        securityContext: { pod: { runAsNonRoot: true }, container: { allowPrivilegeEscalation: false } },
        sidecars: [{ name: 'log-shipper', container: { image: 'registry.corp/fluent-bit:3' }, selector: { logging: 'on' }, volumes: [{ name: 'varlog', emptyDir: {} }] }],
      },
      imageTrust: {
        registries: ['registry.corp'],
        repositories: ['ghcr.io/acme/'],
        pinDigests: true,
        signatures: { mode: 'enforce', keys: [KEY], repositories: ['registry.corp/prod/'], cacheTtlMs: 60_000, unreachable: 'Ignore', insecureRegistries: ['127.0.0.1:5000'] },
      },
    });
  });

  it.each([
    ['an unknown key', 'admission:\n  enforce: high\n', 2, /unknown key "enforce" in "admission"/],
    ['a mode that is no severity', 'admission:\n  defaults:\n    enforce: strict\n', 3, /"admission.defaults.enforce" must be one of off, info, low, medium, high, critical/],
    ['a timeout in words', 'admission:\n  timeoutMs: 2s\n', 2, /"admission.timeoutMs" must be a whole number from 1 to 30000/],
    ['a timeout past the API server\'s', 'admission:\n  timeoutMs: 60000\n', 2, /from 1 to 30000/],
    ['a lower-case failure policy', 'admission:\n  failurePolicy: fail\n', 2, /must be Fail or Ignore/],
    ['a service account without namespace', 'admission:\n  exemptions:\n    serviceAccounts: [builder]\n', 3, /namespace\/name/],
    ['a label value that is a number', 'admission:\n  mutations:\n    labels: {tier: 1}\n', 3, /"admission.mutations.labels.tier" must be a string/],
    ['a sidecar twice', 'admission:\n  mutations:\n    sidecars:\n      - {name: a, container: {}}\n      - {name: a, container: {}}\n', 5, /sidecar "a" is configured twice/],
    ['a sidecar volume without name', 'admission:\n  mutations:\n    sidecars:\n      - {name: a, container: {}, volumes: [{emptyDir: {}}]}\n', 4, /must be a non-empty string/],
    ['signatures without keys', 'admission:\n  imageTrust:\n    signatures: {mode: warn}\n', 3, /signature mode "warn" needs at least one public key/],
    ['a key that is no PEM', 'admission:\n  imageTrust:\n    signatures: {mode: warn, keys: [abc]}\n', 3, /PEM public key/],
    ['enforceExisting as a string', 'admission:\n  enforceExisting: "yes"\n', 2, /must be true or false/],
  ])('rejects %s with its line', async (_name, text, line, message) => {
    const error = await failure(text);
    expect(error.message).toMatch(message);
    expect(error.line).toBe(line);
  });
});
