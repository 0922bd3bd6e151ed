import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readProcesses } from './processes.js';

const proc = mkdtempSync(join(tmpdir(), 'rampart-proc-'));
afterAll(() => rmSync(proc, { recursive: true, force: true }));
function fakeProcess(pid: number, argv: string[], environ: string[] = []) {
  mkdirSync(join(proc, String(pid)));
  writeFileSync(join(proc, String(pid), 'cmdline'), argv.map((a) => `${a}\0`).join(''));
  writeFileSync(join(proc, String(pid), 'environ'), environ.map((e) => `${e}\0`).join(''));
}
fakeProcess(1, ['/sbin/init']);
fakeProcess(2, []);
fakeProcess(40, ['/usr/local/bin/etcd', '--name', 'a b', '--data-dir=/var/lib/etcd'], ['ETCD_CERT_FILE=/pki/server.crt', 'PATH=/bin', 'ETCD_X=1=2']);
fakeProcess(41, ['kube-apiserver', '--profiling=false']);
mkdirSync(join(proc, 'self'));

const wanted = (argv: readonly string[]) => /etcd|kube-apiserver/.test(argv[0] ?? '');

describe('readProcesses', () => {
  it('keeps wanted command lines, split on NUL, and reads only the asked environment variables', () => {
    const listing = readProcesses({ procDir: proc, wanted, envPrefix: (argv) => (argv[0]!.endsWith('etcd') ? 'ETCD_' : undefined) });
    expect(listing.processes).toEqual([
      { pid: 40, argv: ['/usr/local/bin/etcd', '--name', 'a b', '--data-dir=/var/lib/etcd'], env: { ETCD_CERT_FILE: '/pki/server.crt', ETCD_X: '1=2' } },
      { pid: 41, argv: ['kube-apiserver', '--profiling=false'], env: {} },
    ]);
    expect(listing.unreadable).toEqual([]);
  });

  it('reads only the pids asked for, and reports those it cannot read', () => {
    const listing = readProcesses({ procDir: proc, pids: [41, 99], wanted });
    expect(listing.processes.map((p) => p.pid)).toEqual([41]);
    expect(listing.unreadable).toEqual([{ pid: 99, message: expect.stringContaining('ENOENT') }]);
  });

  it('says why an asked-for environment could not be read', () => {
    mkdirSync(join(proc, '50'));
    writeFileSync(join(proc, '50', 'cmdline'), 'etcd\0');
    const listing = readProcesses({ procDir: proc, pids: [50], wanted, envPrefix: () => 'ETCD_' });
    expect(listing.processes).toEqual([{ pid: 50, argv: ['etcd'], env: {}, envError: expect.stringContaining('ENOENT') }]);
  });

  it('finds nothing in a directory that is not a procfs', () => {
    expect(readProcesses({ procDir: join(proc, 'nope'), wanted }).processes).toEqual([]);
  });
});
