import { afterEach, describe, expect, it } from 'vitest';
import { makeTree, type TempTree } from '../src/testing/tree.js';
import { runCli, type JsonReport } from './helpers/cli.js';

let tree: TempTree | undefined;
let outside: TempTree | undefined;
afterEach(async () => {
  await tree?.cleanup();
  await outside?.cleanup();
});

// A well-formed AWS secret key that is no documentation example.
const CREDS = `aws_secret_access_key = ${'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'.replace('EXAMPLE', 'ZZZZZZZ')}\n`;

async function secretsJson(args: string[], cwd: string): Promise<{ code: number; report: JsonReport }> {
  const run = await runCli(['secrets', ...args, '--format', 'json'], { cwd });
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport };
}

describe('rampart secrets PATH: the same contained walk as scan', () => {
  it('does not follow a link out of the tree, and says so', async () => {
    outside = await makeTree({ 'creds.txt': CREDS });
    tree = await makeTree({ 'notes.txt': 'nothing here\n', 'creds.txt': { symlink: outside.path('creds.txt') }, 'env': { symlink: '/proc/self/environ' } });
    const { code, report } = await secretsJson(['.'], tree.root);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.errors).toEqual(['creds.txt', 'env'].map((file) => ({ file, message: 'symbolic link to a path outside the scanned root, not followed', level: 'warning' })));
    expect((await secretsJson([outside.root], tree.root)).report.findings.map((f) => f.ruleId)).toEqual(['secret/aws-secret-access-key']);
  });

  it('reads a chart as plain files, honouring --exclude and links inside it like any directory', async () => {
    outside = await makeTree({ 'creds.txt': CREDS });
    tree = await makeTree({
      'chart/Chart.yaml': 'name: x\nversion: 1.0.0\n',
      'chart/values.yaml': CREDS,
      'chart/excluded/values.yaml': CREDS,
      'chart/templates/creds.txt': { symlink: outside.path('creds.txt') },
    });
    const { report } = await secretsJson(['.', '--exclude', 'chart/excluded/**'], tree.root);
    expect(report.findings.map((f) => f.location.file)).toEqual(['chart/values.yaml']);
    expect(report.errors).toEqual([{ file: 'chart/templates/creds.txt', message: 'symbolic link to a path outside the scanned root, not followed', level: 'warning' }]);
  });
});
