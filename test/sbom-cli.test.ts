import { afterEach, describe, expect, it } from 'vitest';
import { makeTree, type TempTree } from '../src/testing/tree.js';
import { runCli } from './helpers/cli.js';

const LOCKFILE = JSON.stringify({
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  packages: { '': { name: 'app', version: '1.0.0' }, 'node_modules/lodash': { version: '4.17.20' } },
});

let tree: TempTree | undefined;
afterEach(async () => tree?.cleanup());

describe('rampart sbom --format', () => {
  it('writes each format of the registry for a directory', async () => {
    tree = await makeTree({ 'app/package-lock.json': LOCKFILE });
    const cyclonedx = await runCli(['sbom', 'app'], { cwd: tree.root });
    expect(cyclonedx.code).toBe(0);
    expect(JSON.parse(cyclonedx.stdout)).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
    const spdx = await runCli(['sbom', 'app', '--format', 'spdx'], { cwd: tree.root });
    expect(spdx.code).toBe(0);
    expect(JSON.parse(spdx.stdout)).toMatchObject({ spdxVersion: 'SPDX-2.3' });
  });

  it('rejects an unknown format and vulnerabilities in a format without a place for them', async () => {
    tree = await makeTree({ 'app/package-lock.json': LOCKFILE });
    const unknown = await runCli(['sbom', 'app', '--format', 'xml'], { cwd: tree.root });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown SBOM format "xml" (use cyclonedx or spdx)');
    const spdx = await runCli(['sbom', 'app', '--format', 'spdx', '--vulnerabilities'], { cwd: tree.root });
    expect(spdx.code).toBe(2);
    expect(spdx.stderr).toContain('--vulnerabilities needs --format cyclonedx (SPDX 2.3 has no place for them)');
  });
});
