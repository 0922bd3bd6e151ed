import { hasCacheMount, hasOption, runsOf } from './commands.js';
import { pipInstalls } from './pip.js';
import { defineDockerfileRule } from './rule.js';

export const pipNoCacheDir = defineDockerfileRule({
  meta: {
    id: 'docker/pip-no-cache-dir',
    title: 'pip install without --no-cache-dir',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'pip caches downloaded wheels under ~/.cache/pip; in an image layer that cache is dead weight shipped to every node.',
    remediation: '```dockerfile\nRUN pip install --no-cache-dir -r requirements.txt\n```',
    references: { urls: ['https://pip.pypa.io/en/stable/topics/caching/'] },
    aliases: { hadolint: ['DL3042'] },
  },
  check({ dockerfile, report }) {
    for (const { run } of runsOf(dockerfile.stages)) {
      if (hasCacheMount(run, '/root/.cache/pip') || hasCacheMount(run, '/root/.cache')) continue;
      const envDisabled = (c: { assignments: string[] }): boolean => c.assignments.some((a) => /^PIP_NO_CACHE_DIR=(1|true|on|yes|off|0|false)$/i.test(a));
      for (const { command } of pipInstalls(run)) {
        if (!hasOption(command, '--no-cache-dir') && !envDisabled(command)) report({ instruction: run, key: command.text, message: `"${command.text}" keeps the pip cache; add --no-cache-dir` });
      }
    }
  },
});
