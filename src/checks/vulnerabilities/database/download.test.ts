import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DownloadError, downloadFile, fetchText } from './download.js';
import { startOsvMirror, type OsvMirror } from './testdata/osv-mirror.js';

let mirror: OsvMirror;
let redirector: Server;
let redirectBase: string;
let dir: string;

beforeAll(async () => {
  mirror = await startOsvMirror();
  // Redirects to the mirror, and loops on /loop.
  redirector = createServer((request, response) => {
    const location = request.url === '/loop' ? '/loop' : `${mirror.baseUrl}${request.url}`;
    response.writeHead(302, { location }).end();
  });
  await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  redirectBase = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await mirror.close();
  redirector.closeAllConnections();
  await new Promise<void>((resolve) => redirector.close(() => resolve()));
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-download-'));
  mirror.put('/file.bin', Buffer.alloc(100_000, 7));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fast = { backoffMs: 1, timeoutMs: 2000 };

describe('downloadFile', () => {
  it('streams to the destination with its hash, size and validators', async () => {
    const target = join(dir, 'file.bin');
    const seen: Array<[number, number | undefined]> = [];
    const outcome = await downloadFile(`${mirror.baseUrl}/file.bin`, target, { ...fast, onProgress: (r, t) => seen.push([r, t]) });
    const data = readFileSync(target);
    expect(data.equals(Buffer.alloc(100_000, 7))).toBe(true);
    expect(outcome).toEqual({
      status: 'downloaded',
      bytes: 100_000,
      sha256: createHash('sha256').update(data).digest('hex'),
      etag: expect.stringMatching(/^".+"$/),
      lastModified: expect.stringContaining('GMT'),
    });
    expect(seen.at(-1)).toEqual([100_000, 100_000]);
  });

  it('answers not-modified to matching validators and leaves the file alone', async () => {
    const target = join(dir, 'file.bin');
    const first = await downloadFile(`${mirror.baseUrl}/file.bin`, target, fast);
    if (first.status !== 'downloaded') throw new Error('expected a download');
    writeFileSync(target, 'cached');
    expect(await downloadFile(`${mirror.baseUrl}/file.bin`, target, { ...fast, validators: { etag: first.etag } })).toEqual({ status: 'not-modified' });
    expect(await downloadFile(`${mirror.baseUrl}/file.bin`, target, { ...fast, validators: { lastModified: first.lastModified } })).toEqual({ status: 'not-modified' });
    expect(readFileSync(target, 'utf8')).toBe('cached');
    const stale = await downloadFile(`${mirror.baseUrl}/file.bin`, target, { ...fast, validators: { etag: '"old"' } });
    expect(stale.status).toBe('downloaded');
  });

  it('follows redirects, but not endlessly', async () => {
    const outcome = await downloadFile(`${redirectBase}/file.bin`, join(dir, 'f'), fast);
    expect(outcome.status).toBe('downloaded');
    await expect(downloadFile(`${redirectBase}/loop`, join(dir, 'f'), fast)).rejects.toThrow(/more than 5 redirects/);
  });

  it('classifies failures and cleans up its temp file', async () => {
    const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as DownloadError);
    expect(await failure(downloadFile(`${mirror.baseUrl}/missing`, join(dir, 'f'), fast))).toMatchObject({ kind: 'not-found', status: 404, retryable: false });
    expect(await failure(downloadFile(`${mirror.baseUrl}/file.bin`, join(dir, 'f'), { ...fast, maxBytes: 1000 }))).toMatchObject({ kind: 'too-large' });
    expect(await failure(downloadFile(`${mirror.baseUrl}/file.bin`, join(dir, 'no-such-dir', 'f'), fast))).toMatchObject({ kind: 'disk', message: expect.stringMatching(/cannot write .*ENOENT/) });
    expect(await failure(downloadFile('file:///etc/passwd', join(dir, 'f'), fast))).toMatchObject({ kind: 'bad-url' });
    expect(await failure(downloadFile('not a url', join(dir, 'f'), fast))).toMatchObject({ kind: 'bad-url' });
    mirror.cut('/file.bin');
    try {
      expect(await failure(downloadFile(`${mirror.baseUrl}/file.bin`, join(dir, 'f'), { ...fast, attempts: 2 }))).toMatchObject({ kind: 'network', retryable: true });
    } finally {
      mirror.cut('/file.bin', false);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('times out a silent server', async () => {
    mirror.hang('/silent');
    const started = Date.now();
    await expect(downloadFile(`${mirror.baseUrl}/silent`, join(dir, 'f'), { timeoutMs: 200, attempts: 2, backoffMs: 1 })).rejects.toThrow(/no answer for 0 s|timed out/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(mirror.requests.filter((r) => r.path === '/silent')).toHaveLength(2);
  });

  it('gives up on a server trickling a byte at a time once the overall deadline passes, without retrying', async () => {
    const responses: ServerResponse[] = [];
    const trickler = createServer((_request, response) => {
      responses.push(response);
      response.writeHead(200, { 'content-length': '100000' });
      const timer = setInterval(() => response.write('x'), 50);
      response.once('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => trickler.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(trickler.address() as AddressInfo).port}/osv.zip`;
    try {
      const started = Date.now();
      const error = await downloadFile(url, join(dir, 'f'), { ...fast, deadlineMs: 1000 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DownloadError);
      expect((error as DownloadError).kind).toBe('deadline');
      expect((error as DownloadError).retryable).toBe(false);
      expect(responses).toHaveLength(1);
      // Generous: at this pace the body alone would take more than an hour.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(readdirSync(dir)).toEqual([]);
      await expect(fetchText(url, { ...fast, deadlineMs: 500 })).rejects.toThrow(`${url}: not complete within the time allowed`);
    } finally {
      trickler.closeAllConnections();
      await new Promise<void>((resolve) => trickler.close(() => resolve()));
    }
  });
});

describe('fetchText', () => {
  it('reads a small document and refuses a large one', async () => {
    mirror.put('/list.txt', 'npm\nGo\n');
    expect(await fetchText(`${mirror.baseUrl}/list.txt`, fast)).toBe('npm\nGo\n');
    await expect(fetchText(`${mirror.baseUrl}/file.bin`, { ...fast, maxBytes: 10 })).rejects.toMatchObject({ kind: 'too-large' });
  });

  it('retries server errors with backoff', async () => {
    mirror.put('/list.txt', 'npm\n');
    mirror.failNext('/list.txt', 2);
    const delays: number[] = [];
    expect(await fetchText(`${mirror.baseUrl}/list.txt`, { backoffMs: 3, onRetry: (_e, _n, delay) => delays.push(delay) })).toBe('npm\n');
    expect(delays).toEqual([3, 6]);
  });
});
