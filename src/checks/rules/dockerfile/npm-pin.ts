import { isDynamic, operands } from './commands.js';
import { defineInstructionRule } from './rule.js';

const NPM_OPTIONS_WITH_VALUES = new Set(['--prefix', '-w', '--workspace', '--registry', '--tag', '--cache', '--loglevel']);

export const npmPin = defineInstructionRule({
  meta: {
    id: 'docker/npm-pin',
    title: 'npm install of unpinned packages',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'Installing named packages without a version takes the latest release at build time: rebuilds drift and a hijacked release is installed automatically. Lockfile installs (`npm ci`) are pinned already.',
    remediation: 'Install from the lockfile, or pin the version:\n\n```dockerfile\nRUN npm ci --omit=dev\nRUN npm install -g typescript@5.4.2\n```',
    references: { urls: ['https://docs.npmjs.com/cli/commands/npm-ci'] },
    aliases: { hadolint: ['DL3016'] },
  },
  keywords: ['RUN'],
  check(instruction, _stage, { report }) {
    for (const command of instruction.commands) {
      if (command.name !== 'npm') continue;
      const [sub, ...packages] = operands(command, NPM_OPTIONS_WITH_VALUES);
      if (sub !== 'install' && sub !== 'i' && sub !== 'add') continue;
      const unpinned = packages.filter((p) => !isPinned(p) && !isDynamic(p));
      if (unpinned.length > 0) report({ instruction, key: command.text, message: `npm install without version pins: ${unpinned.join(', ')}` });
    }
  },
});

/**
 * name@version, scoped @scope/name@version, tarballs, local paths and remote URLs are pinned; a git
 * URL only with a `#commit`, `#tag` or `#semver:` suffix, since without one it follows a branch.
 */
function isPinned(spec: string): boolean {
  if (/^git(\+[a-z]+)?:/.test(spec)) return spec.includes('#');
  return /^@?[^@]+@.+$/.test(spec) || /^(\.|\/|~|https?:|file:)/.test(spec) || /\.(tgz|tar|tar\.gz)$/.test(spec);
}
