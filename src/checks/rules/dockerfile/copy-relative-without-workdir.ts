import { defineDockerfileRule } from './rule.js';

export const copyRelativeWithoutWorkdir = defineDockerfileRule({
  meta: {
    id: 'docker/copy-relative-without-workdir',
    title: 'COPY to a relative path without WORKDIR',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'Without a WORKDIR in the stage, a relative COPY destination resolves against the base image\'s working directory, which can change between base image versions.',
    remediation: '```dockerfile\nWORKDIR /srv/app\nCOPY package.json ./\n```',
    references: { urls: ['https://docs.docker.com/reference/dockerfile/#copy'] },
    aliases: { hadolint: ['DL3045'] },
  },
  check({ dockerfile, report }) {
    // WORKDIR set in the stage this one is built FROM carries over; base stages come first, so one pass fills this.
    const hasWorkdir: boolean[] = [];
    for (const stage of dockerfile.stages) {
      let workdir = stage.baseStage !== undefined && hasWorkdir[stage.baseStage] === true;
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'WORKDIR') workdir = true;
        if (instruction.keyword !== 'COPY' || workdir || instruction.words.length < 2) continue;
        const destination = instruction.words[instruction.words.length - 1]!;
        if (destination.startsWith('/') || destination.startsWith('$') || /^[A-Za-z]:[\\/]/.test(destination)) continue;
        report({ instruction, message: `COPY to relative "${destination}" with no WORKDIR set in the stage` });
      }
      hasWorkdir[stage.index] = workdir;
    }
  },
});
