import { commandsNamed, hasCacheMount, hasOption, runsOf } from './commands.js';
import { apkAdds } from './apk.js';
import { defineDockerfileRule } from './rule.js';

export const apkNoCache = defineDockerfileRule({
  meta: {
    id: 'docker/apk-no-cache',
    title: 'apk add without --no-cache',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'apk keeps the downloaded index in /var/cache/apk; without --no-cache it stays in the layer and ships in the image.',
    remediation: '```dockerfile\nRUN apk add --no-cache curl=8.5.0-r0\n```',
    references: { urls: ['https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Local_Cache'] },
    aliases: { hadolint: ['DL3019'], trivy: ['DS025', 'AVD-DS-0025'] },
  },
  check({ dockerfile, report }) {
    // Every stage, as hadolint checks it (DL3019): a cached index in a builder stage also slows every rebuild.
    for (const { run } of runsOf(dockerfile.stages)) {
      if (hasCacheMount(run, '/var/cache/apk') || hasCacheMount(run, '/etc/apk/cache')) continue;
      const cleaned = commandsNamed(run, ['rm']).some((c) => c.argv.some((w) => w.startsWith('/var/cache/apk')));
      for (const { command } of apkAdds(run)) {
        if (!hasOption(command, '--no-cache') && !cleaned) report({ instruction: run, key: command.text, message: `"${command.text}" keeps the apk cache; add --no-cache` });
      }
    }
  },
});
