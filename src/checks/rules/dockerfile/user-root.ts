import type { Fix } from '../../../core/fix.js';
import type { Dockerfile, Instruction, Stage } from '../../../parsers/dockerfile/model.js';
import { defineDockerfileRule, finalStage } from './rule.js';

const NON_ROOT_UID = '10001';
/** Images documented to default to a non-root user (distroless `:nonroot`, `*-nonroot` tags). */
const NON_ROOT_IMAGE = /(^|[-_.:/])nonroot([-_.]|$)/;

/** The last USER of a stage, following `FROM <earlier stage>` when the stage sets none itself. */
export function effectiveUser(dockerfile: Dockerfile, stage: Stage): Instruction | undefined {
  const seen = new Set<number>();
  for (let current: Stage | undefined = stage; current && !seen.has(current.index); current = current.baseStage === undefined ? undefined : dockerfile.stages[current.baseStage]) {
    seen.add(current.index);
    const users = current.instructions.filter((i) => i.keyword === 'USER');
    if (users.length > 0) return users[users.length - 1];
  }
  return undefined;
}

export function isRootUser(user: string): boolean {
  return /^(root|0)(:.*)?$/.test(user);
}

export const userRoot = defineDockerfileRule({
  meta: {
    id: 'docker/user-root',
    title: 'Image runs as root',
    severity: 'high',
    target: 'dockerfile',
    rationale:
      'The final stage decides the user the container starts as. Without a USER instruction (or with USER root) every process runs as UID 0, so an application compromise gets root inside the container and a much shorter path to the host.',
    remediation:
      'Create an unprivileged user and switch to it at the end of the final stage, before CMD/ENTRYPOINT:\n\n```dockerfile\nRUN useradd --uid 10001 --no-create-home app\nUSER 10001\n```\n\nA numeric UID lets Kubernetes `runAsNonRoot` verify it.',
    references: { cis: ['CIS Docker 4.1'], urls: ['https://docs.docker.com/reference/dockerfile/#user'] },
    aliases: { trivy: ['DS002', 'AVD-DS-0002'], checkov: ['CKV_DOCKER_3', 'CKV_DOCKER_8'] },
    fixable: true,
  },
  check({ dockerfile, report }) {
    const stage = finalStage(dockerfile);
    if (!stage) return;
    const user = effectiveUser(dockerfile, stage);
    if (user) {
      const name = user.words[0] ?? '';
      if (!isRootUser(name)) return;
      const own = stage.instructions.includes(user);
      report({
        ...(own ? { instruction: user } : { stage }),
        message: own ? `final stage switches to root with "USER ${name}"` : `final stage inherits "USER ${name}" from its base stage`,
        fix: userFix(dockerfile, stage, own ? user : undefined),
      });
      return;
    }
    if (stage.baseStage === undefined && NON_ROOT_IMAGE.test(stage.image.resolved ?? '')) return;
    report({
      stage,
      message: `final stage (FROM ${stage.image.raw}) has no USER instruction, so the container runs as root`,
      fix: userFix(dockerfile, stage, undefined),
    });
  },
});

/**
 * Replaces a root USER when nothing after it needs root; otherwise inserts `USER 10001` just before
 * the first CMD/ENTRYPOINT after it (or at the end), leaving every other byte as it was.
 */
function userFix(dockerfile: Dockerfile, stage: Stage, rootUser: Instruction | undefined): Fix {
  const description = `run as UID ${NON_ROOT_UID}`;
  const after = rootUser ? stage.instructions.slice(stage.instructions.indexOf(rootUser) + 1) : stage.instructions;
  if (rootUser && !after.some((i) => ['RUN', 'COPY', 'ADD'].includes(i.keyword))) {
    return { kind: 'text-edit', description, edits: [{ range: [rootUser.span.startOffset, rootUser.span.endOffset], text: `USER ${NON_ROOT_UID}` }] };
  }
  const newline = dockerfile.text.includes('\r\n') ? '\r\n' : '\n';
  const entry = after.find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  if (entry) {
    const lineStart = dockerfile.lineOffsets[entry.span.startLine - 1]!;
    const indent = dockerfile.text.slice(lineStart, entry.span.startOffset);
    return { kind: 'text-edit', description, edits: [{ range: [entry.span.startOffset, entry.span.startOffset], text: `USER ${NON_ROOT_UID}${newline}${indent}` }] };
  }
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  return { kind: 'text-edit', description, edits: [{ range: [last.span.endOffset, last.span.endOffset], text: `${newline}USER ${NON_ROOT_UID}` }] };
}
