import { afterEach, describe, expect, it } from 'vitest';
import { lstatSync, readFileSync } from 'node:fs';
import { makeTree, type TempTree } from '../src/testing/tree.js';
import { runCli, scanJson } from './helpers/cli.js';

let tree: TempTree | undefined;
afterEach(async () => tree?.cleanup());

const DEPLOYMENT = `# The API deployment; owned by the payments team.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: payments
spec:
    selector:
        matchLabels: {app: api}
    template:
        metadata:
            labels: {app: api}
        spec:
            containers:
            -   name: api   # the only container
                image: ghcr.io/acme/api:1.0.0
                securityContext:
                    privileged: true
`;

const DOCKERFILE = 'FROM alpine:3.20\nRUN echo hi\nCMD ["/bin/true"]\n';
const FIXABLE = /k8s\/pss-(privileged|allow-privilege-escalation|run-as-non-root|capabilities-restricted|seccomp-profile-restricted)|k8s\/automount-service-account-token|docker\/user-root/;

describe('rampart fix', () => {
  it('--dry-run prints a unified diff and changes nothing', async () => {
    tree = await makeTree({ 'deploy.yaml': DEPLOYMENT, 'Dockerfile': DOCKERFILE });
    const run = await runCli(['fix', '.', '--dry-run'], { cwd: tree.root });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^--- a\/Dockerfile\n\+\+\+ b\/Dockerfile/m);
    expect(run.stdout).toMatch(/^-\s+privileged: true$/m);
    expect(run.stdout).toMatch(/^\+\s+privileged: false$/m);
    expect(readFileSync(tree.path('deploy.yaml'), 'utf8')).toBe(DEPLOYMENT);
  });

  it('rewrites files so a rescan no longer shows the fixable findings, keeping comments and indentation', async () => {
    tree = await makeTree({ 'deploy.yaml': DEPLOYMENT, 'Dockerfile': DOCKERFILE });
    const before = await scanJson(['.'], { cwd: tree.root });
    expect(before.report.findings.filter((f) => FIXABLE.test(f.ruleId)).length).toBeGreaterThanOrEqual(6);

    const run = await runCli(['fix', '.'], { cwd: tree.root });
    expect(run.code).toBe(0);
    const after = await scanJson(['.'], { cwd: tree.root });
    expect(after.report.findings.filter((f) => FIXABLE.test(f.ruleId))).toEqual([]);

    // Untouched lines stay byte for byte; new keys follow the file's own 4-space, unindented-sequence style.
    expect(readFileSync(tree.path('deploy.yaml'), 'utf8')).toBe(
      DEPLOYMENT.replace('privileged: true\n', 'privileged: false\n') +
        [
          '                    capabilities:',
          '                        drop:',
          '                        - ALL',
          '                    runAsNonRoot: true',
          '                    allowPrivilegeEscalation: false',
          '            automountServiceAccountToken: false',
          '            securityContext:',
          '                seccompProfile:',
          '                    type: RuntimeDefault',
          '',
        ].join('\n'),
    );
    expect(readFileSync(tree.path('Dockerfile'), 'utf8')).toBe('FROM alpine:3.20\nRUN echo hi\nUSER 10001\nCMD ["/bin/true"]\n');
  });

  it('leaves suppressed findings alone', async () => {
    const suppressed = DEPLOYMENT.replace('privileged: true', 'privileged: true # rampart:ignore k8s/pss-privileged GPU driver');
    tree = await makeTree({ 'deploy.yaml': suppressed });
    await runCli(['fix', '.', '--rule', 'k8s/pss-privileged'], { cwd: tree.root });
    expect(readFileSync(tree.path('deploy.yaml'), 'utf8')).toBe(suppressed);
  });
});

describe('rampart fix: writes only regular files inside the scanned paths', () => {
  let outside: TempTree | undefined;
  afterEach(async () => outside?.cleanup());

  it('refuses to write through a symbolic link (exit 3) and still fixes the other files', async () => {
    tree = await makeTree({ 'real/deploy.yaml': DEPLOYMENT, 'link.yaml': { symlink: 'real/deploy.yaml' }, 'Dockerfile': DOCKERFILE });
    const run = await runCli(['fix', '.', '--rule', 'k8s/pss-privileged', '--rule', 'docker/user-root'], { cwd: tree.root });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('rampart fix: link.yaml: not fixed: is a symbolic link; rampart fix never writes through one (fix the file it points at)\n');
    expect(lstatSync(tree.path('link.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(tree.path('real/deploy.yaml'), 'utf8')).toBe(DEPLOYMENT.replace('privileged: true\n', 'privileged: false\n'));
    expect(readFileSync(tree.path('Dockerfile'), 'utf8')).toContain('USER 10001');
  });

  it('--dry-run reports the same refusal and writes nothing', async () => {
    tree = await makeTree({ 'real/deploy.yaml': DEPLOYMENT, 'link.yaml': { symlink: 'real/deploy.yaml' } });
    const run = await runCli(['fix', '.', '--dry-run', '--rule', 'k8s/pss-privileged'], { cwd: tree.root });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('rampart fix: link.yaml: not fixed: is a symbolic link');
    expect(run.stdout).toContain('+++ b/real/deploy.yaml');
    expect(readFileSync(tree.path('real/deploy.yaml'), 'utf8')).toBe(DEPLOYMENT);
  });

  it('never writes outside the scanned paths: a kustomization base elsewhere is reported, not rewritten', async () => {
    tree = await makeTree({
      'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
      'base/deploy.yaml': DEPLOYMENT,
      'overlay/kustomization.yaml': 'resources: [../base]\n',
    });
    const run = await runCli(['fix', 'overlay', '--rule', 'k8s/pss-privileged'], { cwd: tree.root });
    expect(run.stderr).toContain('rampart fix: base/deploy.yaml: not fixed: is outside the scanned paths; rampart fix only writes inside them\n');
    expect(run.code).toBe(3);
    expect(readFileSync(tree.path('base/deploy.yaml'), 'utf8')).toBe(DEPLOYMENT);
    // Named as a scanned path, the base is fixed.
    expect((await runCli(['fix', 'overlay', 'base', '--rule', 'k8s/pss-privileged'], { cwd: tree.root })).code).toBe(0);
    expect(readFileSync(tree.path('base/deploy.yaml'), 'utf8')).toContain('privileged: false');
  });
});
