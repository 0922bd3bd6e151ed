import { afterEach, describe, expect, it } from 'vitest';
import { makeTree, type TempTree } from '../testing/tree.js';
import { loadConfig, loadIgnoreFile } from './config.js';
import { ConfigError } from './config-error.js';

let tree: TempTree | undefined;
afterEach(async () => tree?.cleanup());

async function configError(file: string, text: string, load: (path: string, display: string) => Promise<unknown> = loadConfig): Promise<ConfigError> {
  tree = await makeTree({ [file]: text });
  try {
    await load(tree.path(file), file);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads rules, registries, PSS settings and exemptions', async () => {
    tree = await makeTree({
      'rampart.yaml': `
rules:
  k8s/image-no-digest: off
  CKV_K8S_16: {severity: medium}
  docker/healthcheck-missing: high
allowedRegistries: [ghcr.io/acme]
pss: {level: baseline, version: v1.25}
failOn: high
exclude: ["third_party/**"]
exemptions:
  - rules: [k8s/pss-privileged]
    kind: DaemonSet
    namespace: kube-system
    name: "cilium*"
    reason: CNI needs host access
`,
    });
    const config = await loadConfig(tree.path('rampart.yaml'), 'rampart.yaml');
    expect(config.rules).toEqual({
      'k8s/image-no-digest': { enabled: false },
      CKV_K8S_16: { severity: 'medium' },
      'docker/healthcheck-missing': { enabled: true, severity: 'high' },
    });
    expect(config.allowedRegistries).toEqual(['ghcr.io/acme']);
    expect(config.pss).toEqual({ level: 'baseline', version: 'v1.25' });
    expect(config.failOn).toBe('high');
    expect(config.exclude).toEqual(['third_party/**']);
    expect(config.exemptions).toEqual([
      { rules: ['k8s/pss-privileged'], kind: 'DaemonSet', namespace: 'kube-system', name: 'cilium*', reason: 'CNI needs host access', source: { file: 'rampart.yaml', line: 11 } },
    ]);
  });

  it('rejects unknown keys with the file and line', async () => {
    const error = await configError('rampart.yaml', 'rules: {}\nalowedRegistries: [x]\n');
    expect(error.file).toBe('rampart.yaml');
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/unknown key "alowedRegistries"/);
  });

  it('rejects bad severities, PSS levels and PSS versions', async () => {
    expect((await configError('rampart.yaml', 'rules:\n  k8s/x: {severity: urgent}\n')).message).toMatch(/must be one of info, low/);
    expect((await configError('rampart.yaml', 'pss:\n  level: strict\n')).line).toBe(2);
    // Found when the file is read, with its line, rather than later as if it were a bad --pss-version flag.
    const version = await configError('rampart.yaml', 'pss:\n  version: 1.25.3\n');
    expect([version.line, version.message]).toEqual([2, '"pss.version" must be "latest" or v1.<minor> (e.g. v1.25)']);
  });

  it('rejects invalid YAML', async () => {
    const error = await configError('rampart.yaml', 'rules: [\n');
    expect(error.message).toMatch(/invalid YAML/);
  });

  it('demands a reason on exemptions', async () => {
    const error = await configError('rampart.yaml', 'exemptions:\n  - kind: DaemonSet\n');
    expect(error.message).toMatch(/"exemptions.0.reason" must be a non-empty string/);
  });
});

describe('loadIgnoreFile', () => {
  it('reads entries with reason and expiry', async () => {
    tree = await makeTree({
      '.rampartignore.yaml': 'ignores:\n  - rule: k8s/image-no-digest\n    path: "deploy/**"\n    reason: digests pinned at release\n    expires: 2027-01-31\n',
    });
    expect(await loadIgnoreFile(tree.path('.rampartignore.yaml'), '.rampartignore.yaml')).toEqual([
      { rules: ['k8s/image-no-digest'], path: 'deploy/**', reason: 'digests pinned at release', expires: '2027-01-31', source: { file: '.rampartignore.yaml', line: 2 } },
    ]);
  });

  it('requires an expiry date and a valid one', async () => {
    expect((await configError('.rampartignore.yaml', 'ignores:\n  - rule: x\n    reason: y\n', loadIgnoreFile)).message).toMatch(/needs an "expires" date/);
    expect((await configError('.rampartignore.yaml', 'ignores:\n  - rule: x\n    reason: y\n    expires: 31/01/2027\n', loadIgnoreFile)).message).toMatch(/YYYY-MM-DD/);
  });
});
