import { defineDockerfileRule } from './rule.js';

export const platformLiteral = defineDockerfileRule({
  meta: {
    id: 'docker/platform-literal',
    title: 'FROM --platform with a fixed value',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'A hard-coded platform forces emulation on other architectures and breaks multi-platform builds; `$BUILDPLATFORM`/`$TARGETPLATFORM` let the builder choose.',
    remediation: '```dockerfile\nFROM --platform=$BUILDPLATFORM golang:1.22 AS build\n```',
    references: { urls: ['https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/'] },
    aliases: { hadolint: ['DL3029'] },
  },
  check({ dockerfile, report }) {
    for (const stage of dockerfile.stages) {
      if (stage.platform !== undefined && !stage.platform.includes('$')) {
        report({ instruction: stage.from, message: `FROM uses --platform=${stage.platform}` });
      }
    }
  },
});
