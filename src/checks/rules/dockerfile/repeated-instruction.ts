import type { RuleMeta } from '../../../core/rule.js';
import { defineDockerfileRule, type DockerfileRule } from './rule.js';

/** Only the last CMD/ENTRYPOINT of a stage takes effect; earlier ones are dead and mislead readers. */
export function defineRepeatedInstructionRule(meta: RuleMeta, keyword: string): DockerfileRule {
  return defineDockerfileRule({
    meta,
    check({ dockerfile, report }) {
      for (const stage of dockerfile.stages) {
        const found = stage.instructions.filter((i) => i.keyword === keyword);
        for (const instruction of found.slice(1)) {
          report({ instruction, message: `${keyword} at line ${instruction.span.startLine} overrides the ${keyword} at line ${found[0]!.span.startLine} of the same stage` });
        }
      }
    },
  });
}
