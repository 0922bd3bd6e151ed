import type { Dockerfile, Instruction, Stage } from '../../../parsers/dockerfile/model.js';

export type CopyFromTarget =
  | { kind: 'earlier'; stage: Stage }
  | { kind: 'self' }
  | { kind: 'later'; stage: Stage }
  | { kind: 'missing-index'; index: number }
  | { kind: 'unknown-name' }
  | { kind: 'image' };

/** Resolves `COPY --from=<value>` as BuildKit does: a stage name, a stage index, or else an image. */
export function copyFromTarget(dockerfile: Dockerfile, stage: Stage, value: string): CopyFromTarget {
  if (/^\d+$/.test(value)) {
    const index = Number(value);
    if (index === stage.index) return { kind: 'self' };
    const target = dockerfile.stages[index];
    if (!target) return { kind: 'missing-index', index };
    return index < stage.index ? { kind: 'earlier', stage: target } : { kind: 'later', stage: target };
  }
  const name = value.toLowerCase();
  if (name === stage.alias) return { kind: 'self' };
  const named = stagesByName(dockerfile).get(name);
  if (named) return named.index < stage.index ? { kind: 'earlier', stage: named } : { kind: 'later', stage: named };
  // A tag, digest, registry or path makes it an image reference; a bare word is most likely a typo.
  return /[:/@.]/.test(value) || value.includes('$') ? { kind: 'image' } : { kind: 'unknown-name' };
}

const byName = new WeakMap<Dockerfile, Map<string, Stage>>();

/** The first stage of each name, built once per Dockerfile: a lookup per COPY must not scan every stage. */
function stagesByName(dockerfile: Dockerfile): Map<string, Stage> {
  let index = byName.get(dockerfile);
  if (!index) {
    index = new Map();
    for (const stage of dockerfile.stages) if (stage.alias !== undefined && !index.has(stage.alias)) index.set(stage.alias, stage);
    byName.set(dockerfile, index);
  }
  return index;
}

export function copyFromValue(instruction: Instruction): string | undefined {
  return instruction.keyword === 'COPY' ? instruction.flags.find((f) => f.name === 'from')?.value : undefined;
}
