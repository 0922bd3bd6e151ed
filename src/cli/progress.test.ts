import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { main } from './main.js';
import { fileProgress } from './progress.js';

function terminal(isTTY: boolean): CliIo & { err: () => string; out: () => string } {
  let err = '';
  let out = '';
  return {
    cwd: mkdtempSync(join(tmpdir(), 'rampart-progress-')),
    env: { NO_COLOR: '1' },
    isTTY,
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    readStdin: async () => '',
    err: () => err,
    out: () => out,
  };
}

describe('fileProgress', () => {
  it('redraws one line at most every 200 ms and erases it at the end', () => {
    const io = terminal(true);
    let now = 0;
    const progress = fileProgress(io, {}, () => now);
    progress.onFiles!(1, 10);
    now = 50;
    progress.onFiles!(2, 20);
    now = 300;
    progress.onFiles!(40, 3 * 1024);
    progress.done();
    expect(io.err()).toBe('\rrampart: 1 file read (10 B), 0.0 s\r\u001b[Krampart: 40 files read (3.0 KiB), 0.3 s\r\u001b[K');
  });

  it('stays silent off a terminal and with --quiet', () => {
    for (const [io, values] of [[terminal(false), {}], [terminal(true), { quiet: true }]] as const) {
      const progress = fileProgress(io, values);
      expect(progress.onFiles).toBeUndefined();
      progress.done();
      expect(io.err()).toBe('');
    }
  });

  it('shows while `rampart scan` reads a tree on a terminal, and leaves the report alone', async () => {
    const io = terminal(true);
    for (let i = 0; i < 3; i++) writeFileSync(join(io.cwd, `cm-${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}, namespace: apps}\n`);
    expect(await main(['scan', '.', '--skip-dependencies', '--format', 'json'], io)).toBe(0);
    expect(io.err()).toMatch(/^\rrampart: \d+ files? read \(\d+ B\), \d+\.\d s/);
    expect(io.err().endsWith('\r\u001b[K')).toBe(true);
    expect(JSON.parse(io.out()).summary.files).toBe(3);
  });
});
