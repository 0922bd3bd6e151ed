import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistryRepository, parseImageReference } from '../../../sources/image/registry/index.js';
import { freePort, htpasswdLine, startRegistry, type RegistryServer } from '../../../sources/image/registry/testing/registry-server.js';
import { pushLayout } from '../../../sources/image/registry/testing/skopeo.js';
import { writeOciLayout, type TestImage } from '../../../sources/image/testing/oci-writer.js';
import { Backoff, createRegistryWatcher, type WatchedRepository, type WatchEvent } from './index.js';

const OS_RELEASE = 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n';
const status = (version: string): string =>
  `Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\nVersion: ${version}\n\n` +
  `Package: base-files\nStatus: install ok installed\nArchitecture: amd64\nVersion: 12.4+deb12u5\n`;
const image = (zlib: string, lodash: string): TestImage => ({
  layers: [
    { createdBy: 'ADD rootfs', entries: [{ path: 'etc/os-release', content: OS_RELEASE }, { path: 'var/lib/dpkg/status', content: status(zlib) }] },
    {
      createdBy: 'COPY app',
      entries: [{ path: 'app/node_modules/lodash/package.json', content: JSON.stringify({ name: 'lodash', version: lodash }) }],
    },
  ],
});

let work: string;
let registry: RegistryServer;
/** The same storage behind HTTP basic authentication. */
let guarded: RegistryServer;
let repo: string;
const digests: string[] = [];

async function collect(events: AsyncIterable<WatchEvent>): Promise<WatchEvent[]> {
  const list: WatchEvent[] = [];
  for await (const event of events) list.push(event);
  return list;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rampart-watch-'));
  registry = await startRegistry();
  repo = `${registry.host}/shop/web`;
  const layout = join(work, 'layout');
  await writeOciLayout(layout, [
    { ref: 'old', image: image('1:1.2.13.dfsg-1', '4.17.15') },
    { ref: 'new', image: image('1:1.3.1-1', '4.17.21') },
  ]);
  // Five tags on two digests; dev-* are left out by the test's globs.
  for (const [ref, tag] of [['old', '1.0'], ['old', 'dev-1'], ['new', '1.1'], ['new', 'latest'], ['new', 'dev-2']] as const)
    await pushLayout(layout, ref, `${repo}:${tag}`);
  // The registry's digests, as a client reads them by GET (skopeo may rewrite a manifest on push).
  const client = await openRegistryRepository(parseImageReference(repo));
  for (const tag of ['1.0', '1.1']) digests.push((await client.manifest(tag)).digest);
  client.close();
  await writeFile(join(work, 'htpasswd'), `${await htpasswdLine('alice', 'wonderland')}\n`);
  guarded = await startRegistry({ storageDir: registry.storageDir, auth: { htpasswd: { realm: 'test', path: join(work, 'htpasswd') } } });
}, 120_000);

afterAll(async () => {
  await guarded?.stop();
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('registry watcher', () => {
  it('lists tags page by page, resolves digests, and pulls and inventories each new digest once', async () => {
    const known = new Set<string>();
    const watcher = createRegistryWatcher({
      repositories: [{ repository: repo, include: ['*'], exclude: ['dev-*'] }],
      known: (digest) => known.has(digest),
      limits: { tagPageSize: 2 },
    });
    const first = await collect(watcher.poll());
    expect(first.map((e) => e.kind)).toEqual(['image', 'image']);
    const images = first.filter((e): e is Extract<WatchEvent, { kind: 'image' }> => e.kind === 'image');
    expect(images.map((e) => [e.digest, e.tags])).toEqual([
      [digests[0], ['1.0']],
      [digests[1], ['1.1', 'latest']],
    ]);
    expect(images.every((e) => e.repository === `${registry.host}/shop/web` && e.manifestDigest === e.digest && e.errors.length === 0)).toBe(true);
    const packages = images.map((e) => e.inventory.packages.map((p) => `${p.ecosystem} ${p.name}@${p.version}`).sort());
    expect(packages[0]).toEqual(['Debian:12 base-files@12.4+deb12u5', 'Debian:12 zlib1g@1:1.2.13.dfsg-1', 'npm lodash@4.17.15']);
    expect(packages[1]).toEqual(['Debian:12 base-files@12.4+deb12u5', 'Debian:12 zlib1g@1:1.3.1-1', 'npm lodash@4.17.21']);

    // The store does not know them yet, but this process pulled them: nothing is pulled twice.
    const second = await collect(watcher.poll());
    expect(second).toEqual([
      { kind: 'known', repository: `${registry.host}/shop/web`, tags: ['1.0'], digest: digests[0] },
      { kind: 'known', repository: `${registry.host}/shop/web`, tags: ['1.1', 'latest'], digest: digests[1] },
    ]);
  });

  it('asks the store which digests it has, so a restarted watcher pulls only new ones', async () => {
    const watcher = createRegistryWatcher({ repositories: [{ repository: repo, include: ['1.*', 'latest'] }], known: (digest) => digest === digests[0] });
    const events = await collect(watcher.poll());
    expect(events.map((e) => [e.kind, e.kind === 'backing-off' || e.kind === 'repository-error' ? '' : e.digest])).toEqual([
      ['known', digests[0]],
      ['image', digests[1]],
    ]);
  });

  it('backs off a registry that is down with jitter, reports it, and goes on with the others', async () => {
    const dead = `127.0.0.1:${await freePort()}/gone/repo`;
    let clock = 1_000_000;
    const watcher = createRegistryWatcher({
      repositories: [{ repository: dead }, { repository: repo, include: ['latest'] }],
      known: () => false,
      backoff: { baseDelayMs: 1_000, maxDelayMs: 8_000 },
      retry: { maxAttempts: 1 },
      now: () => clock,
      random: () => 0.5,
    });
    const first = await collect(watcher.poll());
    expect(first.map((e) => e.kind)).toEqual(['repository-error', 'image']);
    expect(first[0]).toMatchObject({ repository: dead, failures: 1, retryAt: clock + 750 });
    expect((first[0] as { message: string }).message).toMatch(/cannot reach/);

    const waiting = await collect(watcher.poll());
    expect(waiting[0]).toEqual({ kind: 'backing-off', repository: dead, retryAt: clock + 750 });
    expect(waiting[1]!.kind).toBe('known');

    clock += 1_000;
    const again = await collect(watcher.poll());
    expect(again[0]).toMatchObject({ kind: 'repository-error', failures: 2, retryAt: clock + 1_500 });
  });

  it('refuses repositories over the tag limits instead of reading them without end', async () => {
    const listed = createRegistryWatcher({ repositories: [{ repository: repo }], known: () => false, limits: { maxListedTags: 4, tagPageSize: 2 } });
    const [overListed] = await collect(listed.poll());
    expect(overListed).toMatchObject({ kind: 'repository-error', message: expect.stringMatching(/more than 4 tags/) });
    const watched = createRegistryWatcher({ repositories: [{ repository: repo, exclude: ['dev-*'] }], known: () => false, limits: { maxWatchedTags: 2 } });
    const [overWatched] = await collect(watched.poll());
    expect(overWatched).toMatchObject({ kind: 'repository-error', message: expect.stringMatching(/3 tags match the globs, over the limit of 2/) });
  });

  it('reports an image over the image limits and inventories the rest', async () => {
    const watcher = createRegistryWatcher({ repositories: [{ repository: repo, include: ['1.0', '1.1'] }], known: () => false, limits: { image: { maxLayers: 1 } } });
    const events = await collect(watcher.poll());
    expect(events.map((e) => e.kind)).toEqual(['image-error', 'image-error']);
    expect((events[0] as { message: string }).message).toMatch(/layers/);
  });

  it('reports a missing repository as an error of that repository', async () => {
    const watcher = createRegistryWatcher({ repositories: [{ repository: `${registry.host}/no/such` }], known: () => false });
    const [event] = await collect(watcher.poll());
    expect(event).toMatchObject({ kind: 'repository-error', repository: `${registry.host}/no/such`, failures: 1 });
  });

  it('rejects a malformed repository or platform at creation', () => {
    expect(() => createRegistryWatcher({ repositories: [{ repository: 'UPPER/Case!' }], known: () => false })).toThrow(/watched repository UPPER\/Case!/);
    expect(() => createRegistryWatcher({ repositories: [{ repository: repo, platform: 'linux' }], known: () => false })).toThrow(/invalid platform/);
  });
});

describe('registry credentials', () => {
  const watch = async (config: Partial<WatchedRepository>): Promise<WatchEvent[]> =>
    collect(createRegistryWatcher({ repositories: [{ repository: `${guarded.host}/shop/web`, include: ['latest'], ...config }], known: () => false }).poll());

  it('uses credentials from the configuration', async () => {
    const events = await watch({ credentials: { username: 'alice', password: 'wonderland' } });
    expect(events.map((e) => e.kind)).toEqual(['image']);
  });

  it('uses a Docker config file', async () => {
    const path = join(work, 'docker-config.json');
    await writeFile(path, JSON.stringify({ auths: { [guarded.host]: { auth: Buffer.from('alice:wonderland').toString('base64') } } }));
    expect((await watch({ dockerConfigPath: path })).map((e) => e.kind)).toEqual(['image']);
  });

  it('reports missing or wrong credentials without repeating the password', async () => {
    const none = await watch({ dockerConfigPath: join(work, 'no-such-config.json') });
    expect(none[0]).toMatchObject({ kind: 'repository-error', message: expect.stringMatching(/authentication required/) });
    const wrong = await watch({ credentials: { username: 'alice', password: 'not-the-password-42' } });
    expect(wrong[0]).toMatchObject({ kind: 'repository-error', message: expect.stringMatching(/credentials for .* were rejected/) });
    expect(JSON.stringify(wrong)).not.toContain('not-the-password-42');
  });
});

describe('Backoff', () => {
  it('doubles up to the ceiling, keeps at least half of each step, and forgets on success', () => {
    const low = new Backoff({ baseDelayMs: 100, maxDelayMs: 1_000 }, () => 0);
    const high = new Backoff({ baseDelayMs: 100, maxDelayMs: 1_000 }, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6].map(() => low.failed('r', 0).retryAt)).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5].map(() => high.failed('r', 0).retryAt)).toEqual([100, 200, 400, 800, 1_000]);
    low.succeeded('r');
    expect(low.retryAt('r')).toBeUndefined();
    expect(low.failed('r', 10)).toEqual({ failures: 1, retryAt: 60 });
  });
});
