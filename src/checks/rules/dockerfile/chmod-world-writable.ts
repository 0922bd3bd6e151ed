import type { Instruction } from '../../../parsers/dockerfile/model.js';
import { operands } from './commands.js';
import { defineDockerfileRule } from './rule.js';

/** Numeric modes granting write to others, except sticky-bit directories like /tmp (1777). */
export function isWorldWritable(mode: string): boolean {
  if (/^0?[0-7]{3}$/.test(mode)) return (Number(mode.slice(-1)) & 2) !== 0;
  if (/^[0-7]{4}$/.test(mode)) return (Number(mode[0]) & 1) === 0 && (Number(mode.slice(-1)) & 2) !== 0;
  return mode.split(',').some((clause) => {
    const match = /^([ugoa]*)([+=])([rwxXst]*)$/.exec(clause);
    // A bare `+w` is filtered by the umask (022 in builds), so only explicit `o`/`a` counts.
    return !!match && /[oa]/.test(match[1]!) && match[3]!.includes('w');
  });
}

export const chmodWorldWritable = defineDockerfileRule({
  meta: {
    id: 'docker/chmod-world-writable',
    title: 'World-writable permissions (chmod 777)',
    severity: 'medium',
    target: 'dockerfile',
    rationale: 'World-writable files and directories let any user in the container replace binaries, configuration or scripts that another (often more privileged) process later executes.',
    remediation: 'Grant ownership to the runtime user instead of write to everyone:\n\n```dockerfile\nCOPY --chown=10001:10001 app/ /srv/app/\nRUN chmod -R u=rwX,go=rX /srv/app\n```',
    references: { urls: ['https://docs.docker.com/reference/dockerfile/#copy---chmod'] },
    aliases: {},
  },
  check({ dockerfile, report }) {
    for (const stage of dockerfile.stages) {
      for (const instruction of stage.instructions) {
        const mode = worldWritableMode(instruction);
        if (mode) report({ instruction, message: `${instruction.keyword} sets world-writable mode ${mode}` });
      }
    }
  },
});

function worldWritableMode(instruction: Instruction): string | undefined {
  if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
    const mode = instruction.flags.find((f) => f.name === 'chmod')?.value;
    return mode && isWorldWritable(mode) ? mode : undefined;
  }
  if (instruction.keyword !== 'RUN') return undefined;
  for (const command of instruction.commands) {
    if (command.name !== 'chmod') continue;
    // Options (`-R`) are skipped, so the first operand is the mode.
    const [mode] = operands(command, new Set(['--reference']));
    if (mode !== undefined && isWorldWritable(mode)) return mode;
  }
  return undefined;
}
