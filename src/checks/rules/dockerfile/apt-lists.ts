import { commandsNamed, hasCacheMount, runsOf } from './commands.js';
import { aptCalls } from './apt.js';
import { defineDockerfileRule, shippedStages } from './rule.js';

export const aptLists = defineDockerfileRule({
  meta: {
    id: 'docker/apt-lists-not-cleaned',
    title: 'apt lists left in the layer',
    severity: 'low',
    target: 'dockerfile',
    rationale: '`apt-get update` downloads package indexes (tens of MB) into /var/lib/apt/lists. Unless they are removed in the same RUN they stay in the layer forever, bloating the image and shipping stale metadata.',
    remediation: 'Remove the lists in the same RUN (or use a cache mount):\n\n```dockerfile\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.* \\\n && rm -rf /var/lib/apt/lists/*\n```',
    references: { urls: ['https://docs.docker.com/build/building/best-practices/#apt-get'] },
    // Not hadolint DL3009: it still warns when a cache mount on /var/lib/apt alone holds the lists,
    // though they then never reach the layer.
    aliases: {},
  },
  check({ dockerfile, report }) {
    // Like hadolint, only stages whose layers reach the final image matter.
    for (const { run } of runsOf(shippedStages(dockerfile))) {
      if (!aptCalls(run).some((c) => c.subcommand === 'update')) continue;
      if (hasCacheMount(run, '/var/lib/apt/lists') || (hasCacheMount(run, '/var/lib/apt') && hasCacheMount(run, '/var/cache/apt'))) continue;
      const cleaned = commandsNamed(run, ['rm']).some((c) => c.argv.some((w) => w.startsWith('/var/lib/apt/lists')));
      if (!cleaned) report({ instruction: run, message: 'apt-get update without "rm -rf /var/lib/apt/lists/*" in the same RUN' });
    }
  },
});
