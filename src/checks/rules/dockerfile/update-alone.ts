import { subcommandOf } from './commands.js';
import { defineInstructionRule } from './rule.js';

/** Index refreshes and the install subcommands that must share their RUN. */
const UPDATE: Record<string, string> = { 'apt-get': 'update', apt: 'update', apk: 'update' };
const INSTALL: Record<string, readonly string[]> = { 'apt-get': ['install', 'upgrade', 'dist-upgrade'], apt: ['install', 'upgrade'], apk: ['add', 'upgrade'] };

export const updateAlone = defineInstructionRule({
  meta: {
    id: 'docker/update-alone',
    title: 'Package index update in its own RUN',
    severity: 'medium',
    target: 'dockerfile',
    rationale: 'A RUN that only refreshes the package index is cached as its own layer. Later installs reuse the stale cached index and install outdated (possibly vulnerable) versions, or fail when the mirror has moved on.',
    remediation: 'Update and install in one RUN:\n\n```dockerfile\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.* && rm -rf /var/lib/apt/lists/*\n```',
    references: { cis: ['CIS Docker 4.7'], urls: ['https://docs.docker.com/build/building/best-practices/#apt-get'] },
    aliases: { trivy: ['DS017', 'AVD-DS-0017'], checkov: ['CKV_DOCKER_5'] },
  },
  keywords: ['RUN'],
  check(instruction, _stage, { report }) {
    const calls = instruction.commands.filter((c) => c.name in UPDATE).map((c) => ({ c, sub: subcommandOf(c).name }));
    const update = calls.find(({ c, sub }) => sub === UPDATE[c.name]);
    if (!update) return;
    const installs = calls.some(({ c, sub }) => sub !== undefined && INSTALL[c.name]!.includes(sub));
    if (!installs) report({ instruction, message: `"${update.c.text}" runs without an install in the same RUN` });
  },
});
