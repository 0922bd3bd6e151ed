import { hasOption } from './commands.js';
import { aptInstalls } from './apt.js';
import { defineInstructionRule } from './rule.js';

export const aptNoInstallRecommends = defineInstructionRule({
  meta: {
    id: 'docker/apt-no-install-recommends',
    title: 'apt-get install without --no-install-recommends',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'Recommended packages are not needed to run the software; installing them grows the image and its attack surface with packages nobody reviews.',
    remediation: '```dockerfile\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.* && rm -rf /var/lib/apt/lists/*\n```',
    references: { urls: ['https://docs.docker.com/build/building/best-practices/#apt-get'] },
    aliases: { hadolint: ['DL3015'], trivy: ['DS029', 'AVD-DS-0029'] },
  },
  keywords: ['RUN'],
  check(instruction, _stage, { report }) {
    for (const call of aptInstalls(instruction)) {
      const words = call.command.effectiveArgv;
      const disabled = hasOption(call.command, '--no-install-recommends') || words.some((w) => /^APT::Install-Recommends=(false|0|no)$/i.test(w));
      if (!disabled) report({ instruction, message: `"${call.command.text}" installs recommended packages; add --no-install-recommends` });
    }
  },
});
