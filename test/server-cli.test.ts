import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/io.js';
import { runServeCommand } from '../src/cli/serve-command.js';
import { openSqlite } from '../src/services/server/store/sqlite.js';
import { Store } from '../src/services/server/store/store.js';
import { freePort } from '../src/sources/image/registry/testing/registry-server.js';
import { runCli } from './helpers/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-serve-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rampart serve token create', () => {
  it('prints the token once on stdout and stores only its hash', async () => {
    const run = await runCli(['serve', 'token', 'create', '--name', 'ci', '--scope', 'ingest', '--scope', 'read', '--database', 'sqlite:tokens.db'], { cwd: dir });
    expect(run.code).toBe(0);
    const token = run.stdout.trim();
    expect(token).toMatch(/^rmp_[\w-]{43}$/);
    expect(run.stderr).toContain('"ci" (ingest, read) stored as a SHA-256 hash');
    expect(run.stderr).not.toContain(token);
    const store = new Store(openSqlite(join(dir, 'tokens.db')));
    for (const file of ['tokens.db', 'tokens.db-wal'].filter((f) => existsSync(join(dir, f)))) expect(readFileSync(join(dir, file)).includes(Buffer.from(token.slice(4)))).toBe(false);
    expect(await store.authenticate(token)).toMatchObject({ name: 'ci', scopes: ['ingest', 'read'] });
    await store.close();
  });

  it.each([
    [['serve', 'token', 'create', '--scope', 'read'], /--name/],
    [['serve', 'token', 'create', '--name', 'x', '--scope', 'root'], /unknown scope "root"/],
    [['serve', 'token', 'create', '--name', 'x'], /needs --scope/],
    [['serve', '--listen', 'localhost'], /--listen must be HOST:PORT/],
    [['serve', '--tls-cert', 'a.pem'], /go together/],
    [['serve', '--db-update-interval', '5s'], /at least 1m/],
    [['serve', '--watch', 'not a repo'], /--watch must be/],
    [['serve', '--name', 'x'], /applies to `serve token create` only/],
    [['serve', 'tokens'], /unknown serve argument/],
  ])('refuses %j as a usage error', async (args, message) => {
    const run = await runCli(args, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('exits 3 naming an unusable database without its password', async () => {
    const port = await freePort();
    const run = await runCli(['serve', 'token', 'create', '--name', 'x', '--scope', 'read', '--database', `postgres://rampart:s3cret-pw@127.0.0.1:${port}/rampart`], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('the token was not created');
    expect(run.stderr).not.toContain('s3cret-pw');
  });
});

describe('rampart serve', () => {
  it('starts on the embedded default with a generated certificate and stops on request', async () => {
    const port = await freePort();
    const stop = new AbortController();
    let stderr = '';
    const io: CliIo = { cwd: dir, env: { ...process.env }, isTTY: false, stdout: () => undefined, stderr: (text) => void (stderr += text), readStdin: async () => '' };
    const running = runServeCommand({ listen: `127.0.0.1:${port}`, 'db-update-interval': 'off', 'log-level': 'error' }, [], io, stop.signal);
    const caFile = join(dir, 'rampart-server-ca.pem');
    const status = await (async () => {
      for (let i = 0; i < 200; i++) {
        try {
          return await new Promise<number>((done, fail) => {
            request({ host: 'localhost', port, path: '/readyz', ca: readFileSync(caFile) }, (response) => {
              response.resume();
              done(response.statusCode ?? 0);
            }).on('error', fail).end();
          });
        } catch {
          await new Promise((done) => setTimeout(done, 100));
        }
      }
      throw new Error(`the server did not answer: ${stderr}`);
    })();
    expect(status).toBe(200);
    stop.abort();
    expect(await running).toBe(0);
    expect(readFileSync(join(dir, 'rampart-server.db')).subarray(0, 15).toString()).toBe('SQLite format 3');
  });
});
