import { copyFromTarget, copyFromValue } from './copy-from.js';
import { defineInstructionRule } from './rule.js';

export const copyFromSelf = defineInstructionRule({
  meta: {
    id: 'docker/copy-from-self',
    title: 'COPY --from references its own stage',
    severity: 'medium',
    target: 'dockerfile',
    rationale: 'A stage cannot copy from itself: the build fails or, with an image of the same name, copies from an unrelated pulled image.',
    remediation: 'Copy from the earlier stage that produced the files:\n\n```dockerfile\nCOPY --from=build /out/app /app\n```',
    references: { urls: ['https://docs.docker.com/build/building/multi-stage/'] },
    aliases: { hadolint: ['DL3023'], trivy: ['DS006', 'AVD-DS-0006'] },
  },
  keywords: ['COPY'],
  check(instruction, stage, { dockerfile, report }) {
    const value = copyFromValue(instruction);
    if (value !== undefined && copyFromTarget(dockerfile, stage, value).kind === 'self') {
      report({ instruction, message: `COPY --from=${value} references the stage it is in` });
    }
  },
});
