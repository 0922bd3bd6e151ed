import { isLiteralSecret } from '../dockerfile/secret-assignment.js';
import type { HistoryStep } from './history.js';
import { defineImageRule } from './rule.js';

export const secretInBuildArg = defineImageRule({
  meta: {
    id: 'image/secret-in-build-arg',
    title: 'Secret build argument recorded in the image history',
    severity: 'high',
    sensitive: true,
    target: 'image',
    rationale: 'Docker records `ARG` defaults and the build arguments every `RUN` saw (the `|1 TOKEN=...` prefix) in the image history, in clear text; `docker history --no-trunc` shows them to anyone who can pull the image, long after the build.',
    remediation: 'Pass the secret with a secret mount instead of `--build-arg`, so it never reaches the history:\n\n```dockerfile\nRUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci\n```\n\nThen rotate the credential and rebuild.',
    references: { cis: ['CIS Docker 4.10'], urls: ['https://docs.docker.com/build/building/secrets/', 'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/'] },
    aliases: { trivy: ['DS031', 'AVD-DS-0031'] },
  },
  check({ history, report }) {
    // A build argument reappears in the prefix of every later RUN; one finding per argument, at its first step.
    const leaks = new Map<string, HistoryStep[]>();
    for (const step of history) {
      for (const { name, value } of step.buildArgs) {
        if (!isLiteralSecret(name, value)) continue;
        const steps = leaks.get(name) ?? [];
        if (!steps.includes(step)) steps.push(step);
        leaks.set(name, steps);
      }
    }
    for (const [name, [first, ...others]] of leaks) {
      const more = others.length > 0 ? ` and ${others.length} later step(s)` : '';
      report({ step: first!, key: name, message: `build argument ${name} is recorded with a literal secret value in history[${first!.index}]${more} (value not shown)` });
    }
  },
});
