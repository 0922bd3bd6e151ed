import { createHash } from 'node:crypto';
import { spawnGit, type GitChild } from './git-command.js';

export type BlobRead =
  | { status: 'ok'; content: Buffer }
  | { status: 'missing' }
  | { status: 'too-large'; size: number }
  | { status: 'not-blob'; type: string };

/** git cat-file died, stalled, or sent content that is not the object asked for; the request it was serving failed. */
export class CatFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatFileError';
  }
}

const MAX_HEADER_BYTES = 1024;
/** A repository so broken that cat-file dies this often is not worth restarting it for every object. */
const MAX_RESTARTS = 20;
/**
 * A corrupt loose object can declare more bytes than it holds; git then sends fewer and waits for the next request
 * while we wait for the rest. Silence this long with a request pending ends that standoff.
 */
const DEFAULT_IDLE_TIMEOUT_MS = 20_000;

interface Pending {
  oid: string;
  resolve(read: BlobRead): void;
  reject(error: Error): void;
}

interface Running {
  child: GitChild;
  queue: Pending[];
  idle: NodeJS.Timeout;
}

type Phase =
  | { name: 'header'; bytes: Buffer[]; length: number }
  | { name: 'body'; oid: string; keep: Buffer | undefined; filled: number; size: number; type: string }
  | { name: 'separator'; read: BlobRead };

/**
 * One long-lived `git cat-file --batch` serving objects in request order. Content over the limit is streamed past and
 * dropped, so memory stays at one object of at most `maxBytes` whatever the repository holds. Every blob read is
 * checked against its object ID, so a corrupt or crafted object store cannot feed one file's content as another's.
 */
export class CatFileBatch {
  private running: Running | undefined;
  private phase: Phase = headerPhase();
  private restarts = 0;

  constructor(
    private readonly repoDir: string,
    private readonly maxBytes: number,
    private readonly signal?: AbortSignal,
    private readonly idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS,
  ) {}

  read(oid: string): Promise<BlobRead> {
    // A newline would end the request early and desynchronise every answer after it.
    if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(oid)) return Promise.reject(new CatFileError(`invalid object ID ${JSON.stringify(oid)}`));
    let running: Running;
    try {
      running = this.running ?? this.start();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<BlobRead>((resolve, reject) => {
      if (running.queue.length === 0) running.idle.refresh();
      running.queue.push({ oid, resolve, reject });
      running.child.stdin?.write(`${oid}\n`);
    });
  }

  async close(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    clearTimeout(running.idle);
    const closed = new Promise((resolve) => running.child.on('close', resolve));
    running.child.stdin?.end();
    if (running.child.exitCode === null && running.child.signalCode === null) await closed;
  }

  private start(): Running {
    if (this.restarts >= MAX_RESTARTS) throw new CatFileError(`git cat-file failed ${MAX_RESTARTS} times; no more objects are read`);
    const { child, exited } = spawnGit(this.repoDir, ['cat-file', '--batch'], { stdin: true, signal: this.signal });
    let failure: string | undefined;
    const stop = (reason: string): void => {
      failure ??= reason;
      child.kill();
    };
    const idle = setTimeout(() => {
      if (running.queue.length > 0) stop(`no answer for ${this.idleTimeoutMs / 1000}s (corrupt object?)`);
    }, this.idleTimeoutMs);
    idle.unref();
    const running: Running = { child, queue: [], idle };
    this.running = running;
    this.phase = headerPhase();
    // EPIPE after a crash is reported through the pending requests, not as an unhandled stream error.
    child.stdin?.on('error', () => undefined);
    child.stdout.on('data', (chunk: Buffer) => {
      if (failure !== undefined) return;
      idle.refresh();
      try {
        this.consume(chunk, running.queue);
      } catch (error) {
        stop((error as Error).message);
      }
    });
    void exited.then(({ code, stderr }) => {
      clearTimeout(idle);
      if (this.running === running) {
        this.running = undefined;
        this.restarts++;
      }
      const reason = failure ?? (stderr || `exited with code ${code ?? 'null'}`);
      for (const pending of running.queue.splice(0)) pending.reject(new CatFileError(`git cat-file: ${reason}`));
    });
    return running;
  }

  private consume(chunk: Buffer, queue: Pending[]): void {
    let offset = 0;
    while (offset < chunk.length) {
      const phase = this.phase;
      if (phase.name === 'header') {
        const newline = chunk.indexOf(0x0a, offset);
        const end = newline === -1 ? chunk.length : newline;
        phase.bytes.push(chunk.subarray(offset, end));
        phase.length += end - offset;
        if (phase.length > MAX_HEADER_BYTES) throw new CatFileError('overlong header');
        offset = end;
        if (newline === -1) break;
        offset++;
        this.phase = this.afterHeader(Buffer.concat(phase.bytes).toString('latin1'), queue);
      } else if (phase.name === 'body') {
        const take = Math.min(phase.size - phase.filled, chunk.length - offset);
        phase.keep?.set(chunk.subarray(offset, offset + take), phase.filled);
        phase.filled += take;
        offset += take;
        if (phase.filled === phase.size) this.phase = { name: 'separator', read: bodyRead(phase) };
      } else {
        if (chunk[offset] !== 0x0a) throw new CatFileError('output lost its framing');
        offset++;
        this.deliver(phase.read, queue);
      }
    }
  }

  private afterHeader(header: string, queue: Pending[]): Phase {
    const expected = queue[0]?.oid;
    if (expected === undefined) throw new CatFileError('answer to a request that was never made');
    if (header === `${expected} missing` || header === `${expected} ambiguous`) {
      this.deliver({ status: 'missing' }, queue);
      return headerPhase();
    }
    const match = /^([0-9a-f]+) ([a-z]+) (\d+)$/.exec(header);
    if (!match || match[1] !== expected) throw new CatFileError(`unexpected header ${JSON.stringify(header.slice(0, 120))} for ${expected}`);
    const type = match[2]!;
    const size = Number(match[3]);
    const keep = type === 'blob' && size <= this.maxBytes ? Buffer.allocUnsafe(size) : undefined;
    const body: Phase = { name: 'body', oid: expected, keep, filled: 0, size, type };
    return size === 0 ? { name: 'separator', read: bodyRead(body) } : body;
  }

  private deliver(read: BlobRead, queue: Pending[]): void {
    this.phase = headerPhase();
    queue.shift()?.resolve(read);
  }
}

function headerPhase(): Phase {
  return { name: 'header', bytes: [], length: 0 };
}

function bodyRead(body: Extract<Phase, { name: 'body' }>): BlobRead {
  if (body.type !== 'blob') return { status: 'not-blob', type: body.type };
  if (!body.keep) return { status: 'too-large', size: body.size };
  const hash = createHash(body.oid.length === 40 ? 'sha1' : 'sha256');
  if (hash.update(`blob ${body.size}\0`).update(body.keep).digest('hex') !== body.oid) {
    throw new CatFileError(`object ${body.oid} is corrupt: its content does not match its ID`);
  }
  return { status: 'ok', content: body.keep };
}
