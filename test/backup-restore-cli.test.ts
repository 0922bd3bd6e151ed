import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

/** What `backup restore` refuses before it reads a backup or reaches a cluster. */
describe('backup restore: usage and unreadable input', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'rampart-restore-cli-'));
    await writeFile(join(work, 'id.txt'), 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n');
    await writeFile(join(work, 'not-an-identity.txt'), 'hello\n');
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  const restore = (args: string[]) => runCli(['backup', 'restore', ...args], { cwd: work, env: { KUBECONFIG: join(work, 'none') } });

  it.each([
    [['--identity', 'id.txt'], /--target DIR/],
    [['--from', 'repo'], /--identity FILE/],
    [['--from', 'repo', '--target', 'repo', '--identity', 'id.txt'], /once: --from or --target/],
    [['--from', 'repo', '--identity', 'id.txt', '--existing', 'replace'], /skip or update/],
    [['--from', 'repo', '--identity', 'id.txt', '--namespace-map', 'shop'], /FROM=TO/],
    [['--from', 'repo', '--identity', 'id.txt', '--namespace-map', 'a=x', '--namespace-map', 'b=x'], /both mapped to x/],
    [['--from', 'repo', '--identity', 'id.txt', '--storage-class-map', 'Fast=x'], /FROM=TO/],
    [['--from', 'repo', '--identity', 'id.txt', '--format', 'sarif'], /table or json/],
    [['--from', 'repo', '--identity', 'id.txt', 'extra'], /takes no arguments/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const run = await restore(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('an empty repository, a missing one and a bad identity file are exit 3 with one message', async () => {
    const empty = await restore(['--from', 'empty-repo', '--identity', 'id.txt']);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toMatch(/^rampart: .*holds no Rampart backup repository\n$/);
    const badKey = await restore(['--from', 'empty-repo', '--identity', 'not-an-identity.txt']);
    expect(badKey.code).toBe(3);
    expect(badKey.stderr).toMatch(/not an age identity file/);
    const missingKey = await restore(['--from', 'empty-repo', '--identity', 'missing.txt']);
    expect(missingKey.code).toBe(3);
    expect(missingKey.stderr).toMatch(/cannot read .*missing.txt/);
  });
});
