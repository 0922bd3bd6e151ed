import { afterEach, describe, expect, it } from 'vitest';
import { makeTree, type TempTree } from '../testing/tree.js';
import type { CliIo } from './io.js';
import { main } from './main.js';
import { ADMISSION_SUBCOMMANDS, admissionCommand } from './admission-command.js';

let tree: TempTree | undefined;
afterEach(async () => tree?.cleanup());

async function run(args: string[], cwd = process.cwd()): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { cwd, env: {}, isTTY: false, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '' };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('rampart admission', () => {
  it('lists its subcommands when given none', async () => {
    const result = await run(['admission']);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^Usage: rampart admission <subcommand>/);
    for (const name of ['serve', 'install', 'audit']) expect(result.stdout).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
  });

  it('refuses an unknown subcommand', async () => {
    const result = await run(['admission', 'deploy']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown admission subcommand "deploy" (use serve, install, audit)');
  });

  it('parses the union of the subcommands\' flags but accepts only the chosen one\'s', async () => {
    const names = admissionCommand.options.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    for (const spec of Object.values(ADMISSION_SUBCOMMANDS)) for (const option of spec.options) expect(names).toContain(option.name);
    const result = await run(['admission', 'serve', '--apply']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--apply does not apply to `admission serve`');
  });

  it('narrows a flag that is repeatable only for another subcommand', async () => {
    const result = await run(['admission', 'serve', '--tls-cert', 'a', '--tls-key', 'b', '-n', 'one', '-n', 'two']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--namespace is given more than once');
  });

  it('serve needs a certificate and key, or the loudly named plain-HTTP flag alone', async () => {
    expect((await run(['admission', 'serve'])).stderr).toContain('admission serve needs --tls-cert FILE and --tls-key FILE');
    const both = await run(['admission', 'serve', '--tls-cert', 'a', '--tls-key', 'b', '--insecure-plain-http-for-local-debugging']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('exclude each other');
    expect((await run(['admission', 'serve', '--tls-cert', 'a', '--tls-key', 'b', '--port', '70000'])).stderr).toContain('--port must be a number from 0 to 65535, not "70000"');
    expect((await run(['admission', 'serve', '--tls-cert', 'a', '--tls-key', 'b', '--log-level', 'loud'])).stderr).toContain('--log-level must be one of debug, info, warn, error');
    expect((await run(['admission', 'serve', '--tls-cert', 'a', '--tls-key', 'b', '--audit-interval', '10'])).stderr).toContain('--audit-interval must be a duration of at least 1m');
    expect((await run(['admission', 'serve', '--tls-cert', 'a', '--tls-key', 'b', '--audit-interval', '5s'])).stderr).toContain('not "5s"');
  });

  it('reports a config mistake with exit 2 before serving anything', async () => {
    // The kubeconfig points at a port nobody listens on: the watch retries in the background, the config is judged first.
    const kubeconfig = JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:9' } }], users: [{ name: 'u', user: {} }], contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }], 'current-context': 'x' });
    tree = await makeTree({ 'kubeconfig.json': kubeconfig, 'bad-fix.yaml': 'admission:\n  fixes: [k8s/no-such-rule]\n', 'bad-mode.yaml': 'admission:\n  defaults: {enforce: loud}\n' });
    const common = ['admission', 'serve', '--tls-cert', 'tls.crt', '--tls-key', 'tls.key', '--port', '0', '--address', '127.0.0.1', '--kubeconfig', 'kubeconfig.json'];
    const unknownRule = await run([...common, '--config', 'bad-fix.yaml'], tree.root);
    expect(unknownRule.code).toBe(2);
    expect(unknownRule.stderr).toContain('unknown rule "k8s/no-such-rule"');
    const badMode = await run([...common, '--config', 'bad-mode.yaml'], tree.root);
    expect(badMode.code).toBe(2);
    expect(badMode.stderr).toContain('bad-mode.yaml:2: "admission.defaults.enforce" must be one of off, info, low, medium, high, critical');
  });
});
