import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from './helpers/cli.js';

const ROOT = resolve(import.meta.dirname, '..');
let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The TypeScript block of the README's "Library" section, importing this checkout's library in place of the package. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Library\n'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code?.includes("from 'rampart'")) throw new Error('README.md: no ```ts example importing rampart under "## Library"');
  return code.replace("from 'rampart'", `from ${JSON.stringify(pathToFileURL(join(ROOT, 'src', 'index.ts')).href)}`);
}

/** The report without its timings, which differ from run to run. */
function comparable(json: string): unknown {
  const report = JSON.parse(json) as { summary: { durationMs?: number } };
  delete report.summary.durationMs;
  return report;
}

describe('the README library example', () => {
  it('prints the report `rampart scan examples/demo-app --format json` prints', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-library-'));
    const script = join(dir, 'scan.ts');
    await writeFile(script, await readmeExample());
    let printed = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    });
    const cwd = vi.spyOn(process, 'cwd').mockReturnValue(ROOT);
    try {
      await import(pathToFileURL(script).href);
    } finally {
      write.mockRestore();
      cwd.mockRestore();
    }
    const cli = await runCli(['scan', 'examples/demo-app', '--format', 'json'], { cwd: ROOT });
    const library = comparable(printed) as { findings: unknown[] };
    expect(library.findings.length).toBeGreaterThan(0);
    expect(library).toEqual(comparable(cli.stdout));
  });
});
