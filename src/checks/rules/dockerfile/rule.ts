import type { Fix } from '../../../core/fix.js';
import type { RuleMeta } from '../../../core/rule.js';
import type { RuleSettings } from '../../../core/settings.js';
import type { Dockerfile, Instruction, Stage } from '../../../parsers/dockerfile/model.js';

/**
 * Where a finding points: an instruction, or, for something missing from a stage (no USER, no
 * HEALTHCHECK), the stage itself, located at its FROM line so a comment above FROM suppresses it.
 */
export type DockerfileReport = ({ instruction: Instruction; stage?: undefined } | { stage: Stage; instruction?: undefined }) & {
  message: string;
  fix?: Fix;
  /** Distinguishes several findings of one rule on one instruction (e.g. one per package). */
  key?: string;
};

export interface DockerfileRuleContext {
  dockerfile: Dockerfile;
  settings: RuleSettings;
  report(report: DockerfileReport): void;
}

export interface DockerfileRule {
  meta: RuleMeta;
  check(context: DockerfileRuleContext): void;
}

export function defineDockerfileRule(rule: DockerfileRule): DockerfileRule {
  if (!rule.meta.id.startsWith('docker/') || rule.meta.target !== 'dockerfile') {
    throw new Error(`Dockerfile rule IDs start with docker/ and target dockerfile: ${rule.meta.id}`);
  }
  return rule;
}

/** A rule looking at instructions with the given keywords, in every stage. */
export function defineInstructionRule(definition: {
  meta: RuleMeta;
  keywords: readonly string[];
  check(instruction: Instruction, stage: Stage, context: DockerfileRuleContext): void;
}): DockerfileRule {
  return defineDockerfileRule({
    meta: definition.meta,
    check(context) {
      for (const stage of context.dockerfile.stages) {
        if (definition.keywords.includes('FROM')) definition.check(stage.from, stage, context);
        for (const instruction of stage.instructions) {
          if (definition.keywords.includes(instruction.keyword)) definition.check(instruction, stage, context);
        }
      }
    },
  });
}

/** The final stage: the image `docker build` produces without `--target`. */
export function finalStage(dockerfile: Dockerfile): Stage | undefined {
  return dockerfile.stages[dockerfile.stages.length - 1];
}

/**
 * Stages whose layers end up in the final image: the final stage and the stages it is built
 * `FROM`. Layer-size hygiene (package caches) only matters there; builder stages are discarded.
 */
export function shippedStages(dockerfile: Dockerfile): Stage[] {
  return baseChain(dockerfile, finalStage(dockerfile));
}

/** A stage followed by the stages it is built `FROM`, nearest first (a base stage always comes earlier, so the chain ends). */
export function baseChain(dockerfile: Dockerfile, stage: Stage | undefined): Stage[] {
  const chain: Stage[] = [];
  for (let s = stage; s; s = s.baseStage === undefined ? undefined : dockerfile.stages[s.baseStage]) chain.push(s);
  return chain;
}

/** Text of an instruction for messages, cut to one short line. */
export function describeInstruction(instruction: Instruction, max = 80): string {
  const text = `${instruction.keyword} ${instruction.args}`.replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
