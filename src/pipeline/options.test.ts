import { afterEach, describe, expect, it } from 'vitest';
import { makeTree, type TempTree } from '../testing/tree.js';
import { ConfigError } from '../config/config-error.js';
import { resolveScanOptions } from './options.js';

let tree: TempTree | undefined;
afterEach(async () => tree?.cleanup());

const CONFIG = [
  'exclude: [vendor]',
  'allowedRegistries: [ghcr.io/acme]',
  'pss: {level: baseline, version: v1.25}',
  'ignoreFile: security/ignore.yaml',
  'secrets:',
  '  detectors:',
  '    - id: acme-token',
  '      regex: "acme_[a-z0-9]{24}"',
  '      keywords: [acme_]',
  '',
].join('\n');
const IGNORE = 'ignores:\n  - rule: secret:acme-token\n    reason: test fixtures\n    expires: "2999-12-31"\n';

describe('resolveScanOptions', () => {
  it('reads rampart.yaml, the ignore file it names and its detectors from cwd, with the CLI scan defaults', async () => {
    tree = await makeTree({ 'rampart.yaml': CONFIG, 'security/ignore.yaml': IGNORE });
    const { options, config } = await resolveScanOptions({ cwd: tree.root, env: { RAMPART_DB: 'db.sqlite' } });
    expect(config.ignoreFile).toBe('security/ignore.yaml');
    expect(options).toMatchObject({
      paths: ['.'],
      exclude: ['vendor'],
      settings: { pss: { level: 'baseline', version: { major: 1, minor: 25 } }, allowedRegistries: ['ghcr.io/acme'] },
      strict: false,
      secrets: true,
      vulnerabilities: { databasePath: tree.path('db.sqlite'), ignoreUnfixed: false, vexFiles: [] },
      render: { releaseName: 'release', helmBinary: 'helm', allowRemote: false },
    });
    expect(options.ignoreEntries.map((e) => e.rules)).toEqual([['secret:acme-token']]);
    expect(options.customSecrets?.map((r) => r.meta.id)).toEqual(['secret/acme-token']);
  });

  it('lets the caller add to the config and override it', async () => {
    tree = await makeTree({ 'rampart.yaml': CONFIG, 'security/ignore.yaml': IGNORE, 'other-ignore.yaml': 'ignores: []\n' });
    const { options } = await resolveScanOptions({
      cwd: tree.root,
      paths: ['deploy'],
      ignoreFile: 'other-ignore.yaml',
      exclude: ['*.min.js'],
      allowedRegistries: ['quay.io/acme'],
      pssLevel: 'restricted',
      namespace: 'shop',
      secrets: false,
      vulnerabilities: false,
    });
    expect(options).toMatchObject({
      paths: ['deploy'],
      exclude: ['vendor', '*.min.js'],
      settings: { pss: { level: 'restricted' }, allowedRegistries: ['ghcr.io/acme', 'quay.io/acme'], assumedNamespace: 'shop' },
      render: { namespace: 'shop' },
    });
    expect(options.ignoreEntries).toEqual([]);
    expect(options.secrets).toBeUndefined();
    expect(options.vulnerabilities).toBeUndefined();
  });

  it('reads nothing that is not there, and fails on a named file that is missing', async () => {
    tree = await makeTree({ 'app.yaml': 'a: 1\n' });
    const { options } = await resolveScanOptions({ cwd: tree.root });
    expect([options.rules, options.exemptions, options.ignoreEntries, options.baseline]).toEqual([{}, [], [], undefined]);
    await expect(resolveScanOptions({ cwd: tree.root, configFile: 'missing.yaml' })).rejects.toBeInstanceOf(ConfigError);
    await expect(resolveScanOptions({ cwd: tree.root, baselineFile: 'missing.json' })).rejects.toBeInstanceOf(ConfigError);
  });
});
