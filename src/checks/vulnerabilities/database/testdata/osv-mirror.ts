// A static file server laid out like OSV's bucket, with ETag/Last-Modified/304 and injectable faults.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildZip } from './zip-writer.js';

export const OSV_FIXTURES = fileURLToPath(new URL('./osv', import.meta.url));

interface Served {
  data: Buffer;
  etag: string;
  lastModified: string;
}

export interface MirrorRequest {
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface OsvMirror {
  baseUrl: string;
  requests: MirrorRequest[];
  /** Publishes (or replaces) a file; a new ETag and a Last-Modified one second later than the previous. */
  put(path: string, data: string | Buffer): void;
  /** The next `count` requests for `path` answer 500. */
  failNext(path: string, count: number): void;
  /** Requests for `path` get the headers and half the body, then the connection is cut. */
  cut(path: string, enabled?: boolean): void;
  /** Requests for `path` get no answer at all. */
  hang(path: string): void;
  close(): Promise<void>;
}

/** The fixture records of one ecosystem directory as a zip, flattened like OSV's all.zip. */
export function fixtureZip(ecosystem: string, extra: Record<string, string> = {}): Buffer {
  const root = join(OSV_FIXTURES, ecosystem);
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return buildZip([
    ...files.map((path) => ({ name: relative(root, path).replace(/\//g, '_'), data: readFileSync(path) })),
    ...Object.entries(extra).map(([name, data]) => ({ name, data })),
  ]);
}

export async function startOsvMirror(): Promise<OsvMirror> {
  const files = new Map<string, Served>();
  const failures = new Map<string, number>();
  const cuts = new Set<string>();
  const hangs = new Set<string>();
  const requests: MirrorRequest[] = [];
  const sockets = new Set<Socket>();
  let clock = Date.parse('2024-05-01T00:00:00Z');

  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://mirror').pathname);
    const answer = (status: number, headers: Record<string, string | number> = {}, body?: Buffer) => {
      requests.push({ path, headers: request.headers, status });
      response.writeHead(status, headers);
      response.end(body);
    };
    if (hangs.has(path)) return void requests.push({ path, headers: request.headers, status: 0 });
    const failing = failures.get(path) ?? 0;
    if (failing > 0) {
      failures.set(path, failing - 1);
      return answer(500, { 'content-type': 'text/plain' }, Buffer.from('try again'));
    }
    const file = files.get(path);
    if (!file) return answer(404, { 'content-type': 'text/plain' }, Buffer.from('no such key'));
    const validators = { etag: file.etag, 'last-modified': file.lastModified };
    const inm = request.headers['if-none-match'];
    const ims = request.headers['if-modified-since'];
    if (inm !== undefined ? inm === file.etag : ims !== undefined && Date.parse(ims) >= Date.parse(file.lastModified)) return answer(304, validators);
    if (cuts.has(path)) {
      requests.push({ path, headers: request.headers, status: 200 });
      response.writeHead(200, { ...validators, 'content-length': file.data.length });
      response.write(file.data.subarray(0, file.data.length >> 1), () => response.socket?.destroy());
      return;
    }
    answer(200, { ...validators, 'content-length': file.data.length, 'content-type': 'application/zip' }, file.data);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    put(path, data) {
      const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
      clock += 1000;
      files.set(path, { data: buffer, etag: `"${createHash('sha256').update(buffer).digest('hex').slice(0, 16)}"`, lastModified: new Date(clock).toUTCString() });
    },
    failNext(path, count) {
      failures.set(path, count);
    },
    cut(path, enabled = true) {
      if (enabled) cuts.add(path);
      else cuts.delete(path);
    },
    hang(path) {
      hangs.add(path);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
