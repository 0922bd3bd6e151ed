import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TempTree } from '../../testing/tree.js';
import { examplesTree, scanWithThreads } from '../../testing/threaded-scan.js';
import { typescriptWorkerScript } from '../../testing/typescript-worker.js';
import { customSecretRules } from '../../checks/rules/secrets/custom.js';
import { ReadAhead, readAheadLaunch } from './read-ahead.js';

// The read-ahead starts on two or three cores; this file's scans see two, whatever the machine has.
vi.mock('node:os', async (original) => ({ ...(await original<typeof import('node:os')>()), availableParallelism: () => 2 }));

// Besides the examples: a secret, a binary file passed over, an unreadable manifest, a parse error, an allowed secret.
const EXTRA: Record<string, string> = {
  'config/acme.env': 'ACME_KEY=acme_k3x9q2m7v8w1z4p6\n',
  'config/app.env': 'DATABASE_URL=postgres://admin:s3cr3tPassw0rd@db.internal:5432/app\n',
  'config/allowed.env': '# rampart:allow secret/url-credentials test fixture\nDATABASE_URL=postgres://admin:an0therPassw0rd@db.internal:5432/app\n',
  'image.png': '\x89PNG\r\n\x1a\n\0\0\0\rIHDR',
  'broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  a: [1, 2\n',
  'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  url: cG9zdGdyZXM6Ly9hZG1pbjpzM2NyM3RQYXNzdzByZEBkYi5pbnRlcm5hbDo1NDMyL2FwcA==\n',
};

let tree: TempTree;
beforeAll(async () => {
  tree = await examplesTree(EXTRA);
});
afterAll(() => tree.cleanup());

const original = { ...readAheadLaunch };
afterEach(() => {
  Object.assign(readAheadLaunch, original);
  delete process.env['RAMPART_THREADS'];
  vi.restoreAllMocks();
});

async function reportWith(threads: string | undefined, customSecrets = false): Promise<string> {
  const custom = customSecrets ? { customSecrets: customSecretRules([{ id: 'acme-token', title: 'ACME token', regex: 'acme_[a-z0-9]{16}', keywords: ['acme_'] }]) } : {};
  const { report } = await scanWithThreads(tree.root, threads, custom);
  return JSON.stringify({ ...report, summary: { ...report.summary, durationMs: 0 } });
}

describe('reading a tree ahead on a worker thread', () => {
  it('gives the report, byte for byte, that reading and searching in the scanning thread gives', async () => {
    Object.assign(readAheadLaunch, { script: typescriptWorkerScript(new URL('./read-worker.ts', import.meta.url)), minBytes: 0, readWhileStarting: false });
    const inThread = await reportWith('0');
    const searchedAhead = vi.spyOn(ReadAhead.prototype, 'textHits');
    const readAhead = await reportWith(undefined);
    // The worker searched texts (the first few may be read here while it starts).
    expect(searchedAhead.mock.results.some((result) => result.value !== undefined)).toBe(true);
    expect(readAhead).toBe(inThread);
    const parsed = JSON.parse(inThread) as { findings: Array<{ ruleId: string; location: { file: string }; suppressed?: unknown }>; errors: unknown[] };
    expect(parsed.findings.some((f) => f.ruleId.startsWith('secret/') && f.location.file.endsWith('app.env'))).toBe(true);
    expect(parsed.findings.some((f) => f.ruleId.startsWith('secret/') && f.location.file.endsWith('secret.yaml'))).toBe(true);
    // The worker resolved the `rampart:allow` comment as the scanning thread does.
    expect(parsed.findings.find((f) => f.location.file.endsWith('allowed.env'))?.suppressed).toEqual({ kind: 'inline', reason: 'test fixture' });
    expect(parsed.errors.length).toBeGreaterThan(0);
  }, 120_000);

  it('leaves the search of texts to the scanning thread when rampart.yaml defines detectors', async () => {
    Object.assign(readAheadLaunch, { script: typescriptWorkerScript(new URL('./read-worker.ts', import.meta.url)), minBytes: 0, readWhileStarting: false });
    const inThread = await reportWith('0', true);
    const searchedAhead = vi.spyOn(ReadAhead.prototype, 'textHits');
    expect(await reportWith(undefined, true)).toBe(inThread);
    expect(inThread).toContain('"ruleId":"secret/acme-token"');
    expect(searchedAhead).toHaveBeenCalled();
    expect(searchedAhead.mock.results.every((result) => result.value === undefined)).toBe(true);
  }, 120_000);

  it('fails the scan, rather than hanging or dropping files, when the worker cannot run', async () => {
    Object.assign(readAheadLaunch, { script: new URL(`data:text/javascript,${encodeURIComponent("throw new Error('no worker today')")}`), minBytes: 0, readWhileStarting: false });
    await expect(reportWith(undefined)).rejects.toThrow(/no worker today|read worker/);
  }, 60_000);

  it('reads small trees in the scanning thread', async () => {
    const request = vi.spyOn(ReadAhead.prototype as unknown as { request(): unknown }, 'request');
    const report = JSON.parse(await reportWith(undefined)) as { summary: { resources: number } };
    expect(request).not.toHaveBeenCalled();
    expect(report.summary.resources).toBeGreaterThan(10);
  });
});
