import { splitWords } from '../../../parsers/dockerfile/parse.js';
import type { Instruction } from '../../../parsers/dockerfile/model.js';
import { defineDockerfileRule } from './rule.js';
import { isLiteralSecret } from './secret-assignment.js';

export const secretInEnvArg = defineDockerfileRule({
  meta: {
    id: 'docker/secret-in-env-arg',
    title: 'Secret value in ENV or ARG',
    severity: 'high',
    sensitive: true,
    target: 'dockerfile',
    rationale: 'ENV values are stored in the image configuration and ARG values in the build history and provenance; anyone who can pull the image can read them with `docker inspect` or `docker history`.',
    remediation: 'Pass secrets at build time with a secret mount and at run time from the orchestrator:\n\n```dockerfile\nRUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci\n```',
    references: { cis: ['CIS Docker 4.10'], urls: ['https://docs.docker.com/build/building/secrets/', 'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/'] },
    aliases: { trivy: ['DS031', 'AVD-DS-0031'] },
  },
  check({ dockerfile, report }) {
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') continue;
      for (const { name, value } of assignments(instruction)) {
        if (!isLiteralSecret(name, value)) continue;
        // Never echo the value: the finding itself would leak it into logs and reports.
        report({ instruction, key: name, message: `${instruction.keyword} ${name} sets a literal secret value (value not shown)` });
      }
    }
  },
});

/** `ENV A=1 B="2"`, legacy `ENV NAME value with spaces`, `ARG NAME=default`, `ARG NAME`. */
function assignments(instruction: Instruction): Array<{ name: string; value: string | undefined }> {
  const words = splitWords(instruction.args);
  if (instruction.keyword === 'ENV' && words.length >= 2 && !words[0]!.includes('=')) {
    return [{ name: words[0]!, value: words.slice(1).join(' ') }];
  }
  return words.map((word) => {
    const eq = word.indexOf('=');
    return eq < 0 ? { name: word, value: undefined } : { name: word.slice(0, eq), value: word.slice(eq + 1) };
  });
}
