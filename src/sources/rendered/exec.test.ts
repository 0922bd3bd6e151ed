import { describe, expect, it } from 'vitest';
import { MissingToolError, runTool, summarizeStderr, ToolRunError } from './exec.js';

const node = process.execPath;

describe('runTool', () => {
  it('returns stdout and passes arguments without a shell', async () => {
    const out = await runTool({ tool: 'node', binary: node, args: ['-e', 'process.stdout.write(process.argv[1])', '$(echo hi); `x`'], timeoutMs: 10_000 });
    expect(out).toBe('$(echo hi); `x`');
  });

  it('reports a missing binary as MissingToolError', async () => {
    const run = runTool({ tool: 'helm', binary: 'rampart-no-such-binary', args: [], timeoutMs: 10_000 });
    await expect(run).rejects.toBeInstanceOf(MissingToolError);
    await expect(run).rejects.toThrow('the helm binary "rampart-no-such-binary" was not found');
  });

  it('reports a failing run with its stderr', async () => {
    const run = runTool({ tool: 'node', binary: node, args: ['-e', 'console.error("Error: boom"); process.exit(3)'], timeoutMs: 10_000 });
    await expect(run).rejects.toBeInstanceOf(ToolRunError);
    await expect(run).rejects.toThrow('Error: boom');
  });

  it('stops a run that exceeds the timeout', async () => {
    const run = runTool({ tool: 'node', binary: node, args: ['-e', 'setTimeout(() => {}, 60000)'], timeoutMs: 300 });
    await expect(run).rejects.toThrow('node did not finish within 0.3s and was stopped');
  });

  it('kills a run whose resident memory passes the limit', async () => {
    const grow = 'const keep = []; setInterval(() => keep.push(Buffer.alloc(16 * 1024 * 1024, 1)), 5);';
    const run = runTool({ tool: 'node', binary: node, args: ['-e', grow], timeoutMs: 60_000, memoryBytes: 128 * 1024 * 1024 });
    await expect(run).rejects.toThrow(new ToolRunError('node used more than 128.0 MiB of memory and was stopped'));
  });

  it('lets a run under the memory limit finish, and tells Go runtimes the limit', async () => {
    const out = await runTool({ tool: 'node', binary: node, args: ['-e', 'process.stdout.write(process.env.GOMEMLIMIT)'], timeoutMs: 10_000, memoryBytes: 512 * 1024 * 1024 });
    expect(out).toBe(String(512 * 1024 * 1024));
  });
});

describe('summarizeStderr', () => {
  it('unwraps kubectl klog framing, both forms', () => {
    const quoted = 'E1127 09:37:50.772456   10718 run.go:72] "command failed" err="accumulating resources: \\"missing.yaml\\" not found"';
    expect(summarizeStderr(quoted)).toBe('accumulating resources: "missing.yaml" not found');
    const block = 'E1127 09:37:48.171854   10685 run.go:72] "command failed" err=<\n\taccumulating resources: x\n\t: exit status 128\n >\n';
    expect(summarizeStderr(block)).toBe('accumulating resources: x\n: exit status 128');
  });

  it('keeps the first lines of long output', () => {
    const text = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    expect(summarizeStderr(text).split('\n')).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4', 'line 5', '…']);
  });
});
