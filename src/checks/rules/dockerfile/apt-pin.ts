import { isDynamic } from './commands.js';
import { aptInstalls } from './apt.js';
import { defineInstructionRule } from './rule.js';

export const aptPin = defineInstructionRule({
  meta: {
    id: 'docker/apt-pin',
    title: 'apt-get install without version pins',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'Unpinned packages install whatever the mirror serves at build time, so rebuilds drift and cache invalidation is unpredictable.',
    remediation: 'Pin each package (a wildcard on the patch level keeps security updates):\n\n```dockerfile\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.* && rm -rf /var/lib/apt/lists/*\n```',
    references: { urls: ['https://docs.docker.com/build/building/best-practices/#apt-get'] },
    aliases: { hadolint: ['DL3008'] },
  },
  keywords: ['RUN'],
  check(instruction, _stage, { report }) {
    for (const call of aptInstalls(instruction)) {
      // A version, a local .deb or a path is pinned; variables are unknowable.
      const unpinned = call.args.filter((p) => !p.includes('=') && !p.includes('/') && !p.endsWith('.deb') && !isDynamic(p));
      if (unpinned.length > 0) report({ instruction, key: unpinned.join(','), message: `apt-get install without version pins: ${unpinned.join(', ')}` });
    }
  },
});
