import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../../src/sources/image/registry/testing/registry-server.js';

/**
 * A throwaway PostgreSQL server from Debian's `postgresql` package: a fresh cluster (initdb) in a temp dir, started on
 * 127.0.0.1 on a free port with trust authentication (nothing else can reach it), stopped and deleted afterwards.
 * PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` OS user and both programs run
 * as that user (uid/gid, no shell).
 */

const run = promisify(execFile);
const READY_TIMEOUT_MS = 30_000;

export interface PostgresServer {
  /** URL of the `postgres` database as superuser. */
  url: string;
  port: number;
  /** A new empty database, for one test's isolation; returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
  if (!bin) throw new Error('PostgreSQL is not installed: apt-get install postgresql (see .ci/run)');
  return bin;
}

async function osUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(group.trim()) };
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin();
  const user = await osUser();
  const dir = mkdtempSync(join(tmpdir(), 'rampart-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], { ...asUser, env: { PATH: process.env.PATH ?? '', LANG: 'C' } });
  const port = await freePort();
  // fsync off: a test cluster is thrown away, and durability costs seconds per suite.
  const server: ChildProcess = spawn(join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'], {
    ...asUser,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH ?? '', LANG: 'C' },
  });
  let log = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-8192);
  });
  const exited = new Promise<void>((done) => server.once('exit', () => done()));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    if (server.exitCode === null) {
      server.kill('SIGINT');
      await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (server.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${log}`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  return {
    url,
    port,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop,
  };
}
