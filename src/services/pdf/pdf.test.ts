import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlToPdf, PdfError } from './pdf.js';

/** Page objects of a PDF (`/Type /Page`, not the `/Pages` tree). */
const pageCount = (pdf: Uint8Array) => (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;

/** The bookmark titles Chromium writes from the headings, decoded from PDF literal or UTF-16 hex strings. */
function bookmarks(pdf: Uint8Array): string[] {
  const text = Buffer.from(pdf).toString('latin1');
  return [...text.matchAll(/\/Title\s*(?:\(((?:\\.|[^\\)])*)\)|<FEFF([0-9A-Fa-f]*)>)/g)].map(([, literal, hex]) =>
    literal !== undefined ? literal.replace(/\\(.)/g, '$1') : Buffer.from(hex!, 'hex').swap16().toString('utf16le'),
  );
}

// A directory of this file's own: other test files print PDFs at the same time, and their profiles are not ours.
const systemTmp = process.env.TMPDIR;
const ownTmp = mkdtempSync(join(tmpdir(), 'rampart-pdf-test-'));
process.env.TMPDIR = ownTmp;
afterAll(() => {
  if (systemTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = systemTmp;
  rmSync(ownTmp, { recursive: true, force: true });
});

let server: Server;
let requests: string[] = [];
let origin = '';
beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.end('body { color: red }');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('htmlToPdf', () => {
  it('prints the document to a PDF with one page per printed page and a bookmark per heading', async () => {
    const html = `<!doctype html><html><head><title>Report</title></head><body>
      <h1>CIS Kubernetes Benchmark</h1><h2>5.2.2 Privileged containers</h2><p>fail</p>
      <h2 style="break-before: page">5.2.3 Host PID</h2><p>pass</p>
      <h2 style="break-before: page">1.2.1 Anonymous auth — ünïcode</h2><p>not applicable</p></body></html>`;
    const pdf = await htmlToPdf(html);
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(pageCount(pdf)).toBe(3);
    expect(bookmarks(pdf)).toEqual(expect.arrayContaining(['5.2.2 Privileged containers', '5.2.3 Host PID', '1.2.1 Anonymous auth — ünïcode']));
    expect(readdirSync(ownTmp)).toEqual([]);
  });

  it('fetches nothing: images, stylesheets, frames and CSS imports of the document stay unloaded', async () => {
    requests = [];
    const html = `<!doctype html><html><head><link rel="stylesheet" href="${origin}/a.css"><style>@import url("${origin}/b.css"); body { background: url("${origin}/c.png") }</style></head>
      <body><h1>Offline</h1><img src="${origin}/d.png"><iframe src="${origin}/e.html"></iframe><object data="${origin}/f.svg"></object></body></html>`;
    const pdf = await htmlToPdf(html);
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(1);
    expect(requests).toEqual([]);
    // The server answers when asked directly: silence above is the browser's doing.
    await fetch(`${origin}/probe`);
    expect(requests).toEqual(['/probe']);
  });

  it('reports a missing Chromium as a PdfError naming it, and leaves no profile behind', async () => {
    await expect(htmlToPdf('<p>x</p>', { chromium: '/nonexistent/chromium' })).rejects.toThrow(PdfError);
    await expect(htmlToPdf('<p>x</p>', { env: { RAMPART_CHROMIUM: '/nonexistent/from-env' } })).rejects.toThrow('/nonexistent/from-env');
    expect(readdirSync(ownTmp)).toEqual([]);
  });

  // 50 ms always ends the run before Chromium starts. The longer limits end it, on most machines, with Chromium half
  // started: the case where Puppeteer's own launch timeout left the browser running and it brought back the profile
  // we had removed. How far a run gets depends on the machine, so a finished PDF is allowed there; what outlives the
  // call is the point.
  it.each([50, 200, 400, 600])('with a %i ms time limit, gives up in time, and no browser, profile or browser temp file outlives it', async (timeoutMs) => {
    const outcome = htmlToPdf('<p>x</p>', { timeoutMs });
    if (timeoutMs === 50) await expect(outcome).rejects.toThrow(/took longer than/);
    else await outcome.catch((error: unknown) => expect(String(error)).toMatch(/took longer than/));
    // A launch still under way is closed, and its files removed, once it completes.
    for (let i = 0; i < 100 && readdirSync(ownTmp).length > 0; i++) await new Promise((done) => setTimeout(done, 100));
    expect(readdirSync(ownTmp)).toEqual([]);
    // A browser that survived would bring its profile back.
    await new Promise((done) => setTimeout(done, 1000));
    expect(readdirSync(ownTmp)).toEqual([]);
  });
});
