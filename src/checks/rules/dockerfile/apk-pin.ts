import { isDynamic } from './commands.js';
import { apkAdds } from './apk.js';
import { defineInstructionRule } from './rule.js';

export const apkPin = defineInstructionRule({
  meta: {
    id: 'docker/apk-pin',
    title: 'apk add without version pins',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'Unpinned apk packages install whatever the repository serves at build time, so rebuilds drift silently.',
    remediation: 'Pin packages, e.g. with a fuzzy pin on the release:\n\n```dockerfile\nRUN apk add --no-cache curl~=8.5\n```',
    references: { urls: ['https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Advanced_APK_Usage'] },
    aliases: { hadolint: ['DL3018'] },
  },
  keywords: ['RUN'],
  check(instruction, _stage, { report }) {
    for (const { command, packages } of apkAdds(instruction)) {
      const unpinned = packages.filter((p) => !/[=<>~]/.test(p) && !p.endsWith('.apk') && !p.includes('/') && !isDynamic(p));
      if (unpinned.length > 0) report({ instruction, key: command.text, message: `apk add without version pins: ${unpinned.join(', ')}` });
    }
  },
});
