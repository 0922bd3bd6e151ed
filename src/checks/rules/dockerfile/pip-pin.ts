import { hasOption, isDynamic } from './commands.js';
import { pipInstalls } from './pip.js';
import { defineInstructionRule } from './rule.js';

const VERSION = /(==|>=|<=|~=|!=|===|<|>)/;

export const pipPin = defineInstructionRule({
  meta: {
    id: 'docker/pip-pin',
    title: 'pip install without version pins',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'Unpinned pip packages resolve to the newest release at build time, so rebuilds drift and a malicious or broken release is picked up automatically.',
    remediation: 'Pin versions, or install from a locked requirements file:\n\n```dockerfile\nRUN pip install --no-cache-dir -r requirements.txt\nRUN pip install --no-cache-dir flask==3.0.2\n```',
    references: { urls: ['https://pip.pypa.io/en/stable/topics/repeatable-installs/'] },
    aliases: { hadolint: ['DL3013'] },
  },
  keywords: ['RUN'],
  check(instruction, _stage, { report }) {
    for (const { command, packages } of pipInstalls(instruction)) {
      if (hasOption(command, '-r', '--requirement', '-c', '--constraint') || packages.includes('.')) continue;
      // Versioned specs, VCS refs with @, local wheels/sdists and paths are pinned; variables are unknowable.
      const unpinned = packages.filter((p) => (isVcsUrl(p) ? !vcsRevision(p) : !VERSION.test(p) && !p.includes('@') && !/\.(whl|tar\.gz|zip)$/.test(p) && !p.includes('/')) && !isDynamic(p));
      if (unpinned.length > 0) report({ instruction, key: command.text, message: `pip install without version pins: ${unpinned.join(', ')}` });
    }
  },
});

/** `git+https://host/repo.git@v1.2#egg=x` (also hg+, svn+, bzr+): a URL, but of a moving branch unless it names a revision. */
function isVcsUrl(spec: string): boolean {
  return /^(git|hg|svn|bzr)\+/.test(spec) || /^[A-Za-z0-9_.-]+\s*@\s*(git|hg|svn|bzr)\+/.test(spec);
}

/** The `@revision` after the repository path; `user:pass@` in the host part is not one. */
function vcsRevision(spec: string): boolean {
  const url = spec.replace(/^[A-Za-z0-9_.-]+\s*@\s*/, '').replace(/#.*$/, '');
  const path = url.replace(/^[a-z+]+:\/\/[^/]*/, '');
  return /@[^/]+$/.test(path);
}
