import { createHash } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRegistryWatcher, type WatchEvent } from './index.js';

// A hand-written registry for what a conforming one never sends: malformed tag lists, foreign next-page links, HEAD
// answers without a digest header. The real-registry behaviour is in watch.test.ts.
const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'0'.repeat(64)}`, size: 2 },
  layers: [],
});
const MANIFEST_DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;

let server: Server;
let host: string;
let tagPages: Record<string, (response: ServerResponse) => void>;
let requests: string[];
let digestHeader: boolean;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    if (url.pathname === '/v2/acme/app/tags/list') {
      const page = tagPages[url.searchParams.get('last') ?? ''];
      if (page) return page(response);
    }
    if (url.pathname.startsWith('/v2/acme/app/manifests/')) {
      response.writeHead(200, {
        'content-type': 'application/vnd.oci.image.manifest.v1+json',
        ...(digestHeader ? { 'docker-content-digest': MANIFEST_DIGEST } : {}),
      });
      return response.end(request.method === 'HEAD' ? undefined : MANIFEST);
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests = [];
  digestHeader = true;
});

const json = (body: unknown, headers: Record<string, string> = {}) => (response: ServerResponse) =>
  response.writeHead(200, { 'content-type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));

async function firstEvent(): Promise<WatchEvent> {
  // Every image is "known", so only listing and resolving run.
  const watcher = createRegistryWatcher({ repositories: [{ repository: `${host}/acme/app` }], known: () => true, retry: { maxAttempts: 1 } });
  for await (const event of watcher.poll()) return event;
  throw new Error('no event');
}

describe('tag listing and digest resolution', () => {
  it('follows relative next-page links and resolves tags with HEAD only', async () => {
    tagPages = {
      '': json({ name: 'acme/app', tags: ['b'] }, { link: '</v2/acme/app/tags/list?n=1000&last=b>; rel="next"' }),
      b: json({ name: 'acme/app', tags: ['a'] }),
    };
    expect(await firstEvent()).toEqual({ kind: 'known', repository: `${host}/acme/app`, tags: ['a', 'b'], digest: MANIFEST_DIGEST });
    expect(requests).toEqual([
      'GET /v2/acme/app/tags/list?n=1000',
      'GET /v2/acme/app/tags/list?n=1000&last=b',
      'HEAD /v2/acme/app/manifests/a',
      'HEAD /v2/acme/app/manifests/b',
    ]);
  });

  it('hashes the manifest itself when the registry sends no digest header', async () => {
    digestHeader = false;
    tagPages = { '': json({ name: 'acme/app', tags: ['a'] }) };
    expect(await firstEvent()).toMatchObject({ kind: 'known', digest: MANIFEST_DIGEST });
    expect(requests.slice(1)).toEqual(['HEAD /v2/acme/app/manifests/a', 'GET /v2/acme/app/manifests/a']);
  });

  it('treats a repository without tags as empty', async () => {
    tagPages = { '': json({ name: 'acme/app', tags: null }) };
    const watcher = createRegistryWatcher({ repositories: [{ repository: `${host}/acme/app` }], known: () => true });
    const events: WatchEvent[] = [];
    for await (const event of watcher.poll()) events.push(event);
    expect(events).toEqual([]);
  });

  it.each([
    ['a link to another origin', json({ tags: ['a'] }, { link: '<http://127.0.0.2:1/v2/acme/app/tags/list?last=a>; rel="next"' }), /next-page link leaves the repository/],
    ['a link to another repository', json({ tags: ['a'] }, { link: '</v2/other/app/tags/list?last=a>; rel="next"' }), /next-page link leaves the repository/],
    ['a body that is not JSON', json('{"tags": ['), /not valid JSON/],
    ['tags that are not strings', json({ tags: ['a', 7] }), /not a list of strings/],
    ['a body over the page limit', json({ tags: Array.from({ length: 400_000 }, (_, i) => `tag-${i}`) }), /over the 4194304-byte limit/],
    ['one page of more tags than the limit', json({ tags: Array.from({ length: 200_000 }, (_, i) => `t${i}`) }), /more than 10000 tags/],
  ])('reports %s as an error of the repository', async (_name, page, message) => {
    tagPages = { '': page };
    const event = await firstEvent();
    expect(event.kind).toBe('repository-error');
    expect((event as { message: string }).message).toMatch(message);
  });
});
