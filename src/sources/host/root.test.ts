import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HostRoot } from './root.js';

const base = mkdtempSync(join(tmpdir(), 'rampart-hostroot-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const root = join(base, 'root');
mkdirSync(join(root, 'etc/kubernetes/pki'), { recursive: true });
writeFileSync(join(root, 'etc/kubernetes/admin.conf'), 'inside\n');
chmodSync(join(root, 'etc/kubernetes/admin.conf'), 0o640);
writeFileSync(join(base, 'secret'), 'outside\n');
writeFileSync(join(base, 'admin.conf'), 'outside\n');

describe('HostRoot', () => {
  const host = new HostRoot(root);

  it('reads host paths under the root and stats them with lstat', () => {
    expect(host.readText('/etc/kubernetes/admin.conf')).toMatchObject({ ok: true, text: 'inside\n', stat: { type: 'file', mode: 0o640, hostPath: '/etc/kubernetes/admin.conf' } });
    expect(host.stat('/etc/kubernetes/pki')?.type).toBe('directory');
    expect(host.stat('/etc/kubernetes/nothing')).toBeUndefined();
    expect(host.readText('/etc/kubernetes/nothing')).toMatchObject({ ok: false, missing: true });
  });

  it('resolves absolute links and .. inside the root, as a chroot does', () => {
    symlinkSync('/etc/kubernetes/admin.conf', join(root, 'etc/abs-link'));
    symlinkSync('../../../../../admin.conf', join(root, 'etc/kubernetes/pki/escape'));
    symlinkSync(join(base, 'secret'), join(root, 'etc/to-outside'));
    expect(host.readText('/etc/abs-link')).toMatchObject({ ok: true, text: 'inside\n' });
    // `..` stops at the root: ../../../../../admin.conf from /etc/kubernetes/pki is /admin.conf under the root, absent.
    expect(host.readText('/etc/kubernetes/pki/escape')).toMatchObject({ ok: false, missing: true });
    expect(host.readText('/../../admin.conf')).toMatchObject({ ok: false, missing: true });
    // An absolute target outside names the same path under the root, where nothing is.
    expect(host.readText('/etc/to-outside')).toMatchObject({ ok: false, missing: true });
    expect(host.stat('/etc/to-outside')).toBeUndefined();
  });

  it('reports a link loop instead of hanging', () => {
    symlinkSync('/etc/loop-b', join(root, 'etc/loop-a'));
    symlinkSync('/etc/loop-a', join(root, 'etc/loop-b'));
    expect(host.readText('/etc/loop-a')).toMatchObject({ ok: false, missing: false, message: expect.stringContaining('too many levels') });
    expect(host.inspect('/etc/loop-a')).toEqual({ error: '/etc/loop-a: too many levels of symbolic links' });
    expect(host.stat('/etc/loop-a')).toBeUndefined();
  });

  it('refuses what is not a regular file, and files over the limit, without reading them', () => {
    execFileSync('mkfifo', [join(root, 'etc/fifo')]);
    expect(host.readText('/etc/fifo')).toMatchObject({ ok: false, missing: false, message: 'not a regular file' });
    expect(host.readText('/etc/kubernetes')).toMatchObject({ ok: false, message: 'not a regular file' });
    expect(new HostRoot(root, 3).readText('/etc/kubernetes/admin.conf')).toMatchObject({ ok: false, message: expect.stringContaining('over the') });
  });

  it('lists a directory sorted, and nothing for a missing one', () => {
    expect(host.list('/etc/kubernetes')).toEqual(['admin.conf', 'pki']);
    expect(host.list('/nope')).toEqual([]);
  });
});
