import { defineDockerfileRule } from './rule.js';

export const duplicateStageName = defineDockerfileRule({
  meta: {
    id: 'docker/duplicate-stage-name',
    title: 'Duplicate stage name',
    severity: 'medium',
    target: 'dockerfile',
    rationale: 'Stage names are case-insensitive and must be unique; with duplicates, `COPY --from` and `--target` silently pick one of them.',
    remediation: 'Give every stage a distinct name:\n\n```dockerfile\nFROM node:20 AS deps\nFROM node:20 AS build\n```',
    references: { urls: ['https://docs.docker.com/reference/build-checks/duplicate-stage-name/'] },
    aliases: { hadolint: ['DL3024'], trivy: ['DS012', 'AVD-DS-0012'], checkov: ['CKV_DOCKER_11'] },
  },
  check({ dockerfile, report }) {
    const seen = new Map<string, number>();
    for (const stage of dockerfile.stages) {
      if (stage.alias === undefined) continue;
      const first = seen.get(stage.alias);
      if (first === undefined) seen.set(stage.alias, stage.from.span.startLine);
      else report({ instruction: stage.from, message: `stage name "${stage.alias}" is already used at line ${first}` });
    }
  },
});
