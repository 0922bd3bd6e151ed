import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonFormatter } from '../formats/json.js';
import { finding, NASTY, report } from '../formats/testdata/reports.js';
import type { CliIo } from './io.js';
import { emitReport } from './report-output.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function io(cwd: string): CliIo {
  return { cwd, env: {}, readStdin: () => Promise.resolve(''), stdout: () => undefined, stderr: () => undefined, isTTY: false };
}

describe('emitReport to a file', () => {
  // The file is written through one reused buffer: many chunks that fill it several times over, multi-byte text whose
  // UTF-8 is longer than its UTF-16, and one chunk larger than the buffer, which is written on its own.
  it.each([
    ['many findings of multi-byte text', Array.from({ length: 3000 }, (_, i) => finding({ message: `${NASTY} ${i}`, fingerprint: `fp-${i}` }))],
    ['a finding larger than the write buffer between small ones', [finding({ message: 'before' }), finding({ message: `${'日本語 '.repeat(400_000)}end` }), finding({ message: 'after' })]],
  ])('writes exactly what the formatter makes: %s', async (_name, findings) => {
    const root = mkdtempSync(join(tmpdir(), 'rampart-report-output-'));
    roots.push(root);
    const scanned = report(findings);
    const code = await emitReport(scanned, [{ format: 'json', file: 'out/report.json' }], 'never', {}, io(root));
    expect(code).toBe(0);
    const written = readFileSync(join(root, 'out/report.json'), 'utf8');
    expect(written).toBe(jsonFormatter.format(scanned, { showSuppressed: false, color: false, cwd: root }));
    expect(Buffer.byteLength(written)).toBeGreaterThan(1 << 20);
  });
});
