import { aptCalls } from './apt.js';
import { defineInstructionRule } from './rule.js';

export const aptDistUpgrade = defineInstructionRule({
  meta: {
    id: 'docker/apt-dist-upgrade',
    title: 'apt-get dist-upgrade in a build',
    severity: 'low',
    target: 'dockerfile',
    rationale: '`dist-upgrade`/`full-upgrade` may add and remove packages and cross releases, so the image no longer matches its base and rebuilds are unpredictable. Fixes belong in a newer base image.',
    remediation: 'Bump the base image tag instead; if you must patch in place, use `apt-get upgrade -y` of specific packages:\n\n```dockerfile\nFROM debian:12.5-slim\n```',
    references: { urls: ['https://docs.docker.com/build/building/best-practices/#apt-get'] },
    aliases: { trivy: ['DS024', 'AVD-DS-0024'] },
  },
  keywords: ['RUN'],
  check(instruction, _stage, { report }) {
    for (const call of aptCalls(instruction, ['apt-get', 'apt'])) {
      if (call.subcommand === 'dist-upgrade' || call.subcommand === 'full-upgrade') {
        report({ instruction, message: `"${call.command.text}" upgrades across the base image` });
      }
    }
  },
});
