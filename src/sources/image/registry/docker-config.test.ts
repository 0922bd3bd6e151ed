import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsFromConfig, defaultDockerConfigPath, lookupDockerCredentials } from './docker-config.js';

const encode = (value: string): string => Buffer.from(value).toString('base64');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-docker-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('credentialsFromConfig', () => {
  it('finds Docker Hub credentials under the v1 index URL', () => {
    const config = { auths: { 'https://index.docker.io/v1/': { auth: encode('me:pa:ss') } } };
    expect(credentialsFromConfig(config, 'registry-1.docker.io', 'cfg')).toEqual({ credentials: { username: 'me', password: 'pa:ss' }, warnings: [] });
  });

  it('matches hosts written as URLs, and username/password fields', () => {
    const config = { auths: { 'https://Registry.Example:5000/v2/': { username: 'u', password: 'p' } } };
    expect(credentialsFromConfig(config, 'registry.example:5000', 'cfg').credentials).toEqual({ username: 'u', password: 'p' });
    expect(credentialsFromConfig(config, 'registry.example', 'cfg').credentials).toBeUndefined();
  });

  it('does not run credential helpers or stores, and says so', () => {
    const helper = credentialsFromConfig({ credHelpers: { 'ghcr.io': 'gh' } }, 'ghcr.io', 'cfg');
    expect(helper.credentials).toBeUndefined();
    expect(helper.warnings).toEqual([expect.stringContaining('docker-credential-gh')]);
    const store = credentialsFromConfig({ credsStore: 'desktop', auths: { 'ghcr.io': {} } }, 'ghcr.io', 'cfg');
    expect(store.warnings).toEqual([expect.stringContaining('credential stores are not supported')]);
  });

  it.each([
    [{ auths: { 'ghcr.io': { auth: encode('no-colon') } } }, 'not base64'],
    [{ auths: { 'ghcr.io': { auth: '!!!' } } }, 'not base64'],
    [{ auths: { 'ghcr.io': { auth: encode(':password') } } }, 'not base64'],
  ])('ignores malformed auth entries with a warning: %j', (config, warning) => {
    const lookup = credentialsFromConfig(config, 'ghcr.io', 'cfg');
    expect(lookup.credentials).toBeUndefined();
    expect(lookup.warnings).toEqual([expect.stringContaining(warning)]);
  });

  it.each([[{ auths: [] }], [{ auths: { 'ghcr.io': 'x' } }], [{ auths: null }], [{}]])('tolerates odd shapes %j', (config) => {
    expect(credentialsFromConfig(config as Record<string, unknown>, 'ghcr.io', 'cfg')).toEqual({ warnings: [] });
  });
});

describe('lookupDockerCredentials', () => {
  it('reads a config file, and treats a missing one as no credentials', async () => {
    const path = join(dir, 'config.json');
    await writeFile(path, JSON.stringify({ auths: { 'ghcr.io': { auth: encode('a:b') } } }));
    expect((await lookupDockerCredentials('ghcr.io', path)).credentials).toEqual({ username: 'a', password: 'b' });
    expect(await lookupDockerCredentials('ghcr.io', join(dir, 'missing.json'))).toEqual({ warnings: [] });
  });

  it.each([['{not json', 'not valid JSON'], ['[1]', 'not a JSON object']])('warns on a malformed file %j', async (content, warning) => {
    const path = join(dir, 'bad.json');
    await writeFile(path, content);
    const lookup = await lookupDockerCredentials('ghcr.io', path);
    expect(lookup.credentials).toBeUndefined();
    expect(lookup.warnings).toEqual([expect.stringContaining(warning)]);
  });

  it('honours DOCKER_CONFIG', () => {
    expect(defaultDockerConfigPath({ DOCKER_CONFIG: '/etc/docker-cfg' })).toBe('/etc/docker-cfg/config.json');
    expect(defaultDockerConfigPath({})).toMatch(/\.docker\/config\.json$/);
  });
});
