import { copyFromTarget, copyFromValue } from './copy-from.js';
import { defineInstructionRule } from './rule.js';

export const copyFromUndefined = defineInstructionRule({
  meta: {
    id: 'docker/copy-from-undefined',
    title: 'COPY --from references no earlier stage',
    severity: 'medium',
    target: 'dockerfile',
    rationale: 'BuildKit treats an unknown `--from` name as an image to pull: a typo in a stage name silently copies from `docker.io/<name>:latest`. A later stage or a missing index fails the build.',
    remediation: 'Name the stage you copy from, above the COPY:\n\n```dockerfile\nFROM golang:1.22 AS build\n...\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/app /app\n```',
    references: { urls: ['https://docs.docker.com/build/building/multi-stage/'] },
    aliases: { hadolint: ['DL3022'] },
  },
  keywords: ['COPY'],
  check(instruction, stage, { dockerfile, report }) {
    const value = copyFromValue(instruction);
    if (value === undefined) return;
    const target = copyFromTarget(dockerfile, stage, value);
    if (target.kind === 'later') report({ instruction, message: `COPY --from=${value} references stage ${target.stage.index}, which is defined later` });
    else if (target.kind === 'missing-index') report({ instruction, message: `COPY --from=${value}: there is no stage ${target.index}` });
    else if (target.kind === 'unknown-name') report({ instruction, message: `COPY --from=${value} matches no stage name and would be pulled as image "${value}:latest"` });
  },
});
