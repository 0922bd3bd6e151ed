import { baseChain, defineDockerfileRule, finalStage } from './rule.js';

export const healthcheckMissing = defineDockerfileRule({
  meta: {
    id: 'docker/healthcheck-missing',
    title: 'No HEALTHCHECK in the final image',
    severity: 'low',
    target: 'dockerfile',
    rationale:
      'Without HEALTHCHECK, Docker and Swarm consider a hung but running process healthy. (Kubernetes ignores HEALTHCHECK and uses probes, so for images that only run on Kubernetes this is informational.) An explicit `HEALTHCHECK NONE` records a deliberate choice and is accepted.',
    remediation: '```dockerfile\nHEALTHCHECK --interval=30s --timeout=3s CMD ["/usr/local/bin/app", "healthcheck"]\n```',
    references: { cis: ['CIS Docker 4.6'], urls: ['https://docs.docker.com/reference/dockerfile/#healthcheck'] },
    aliases: { trivy: ['DS026', 'AVD-DS-0026'], checkov: ['CKV_DOCKER_2'] },
  },
  check({ dockerfile, report }) {
    const stage = finalStage(dockerfile);
    if (!stage) return;
    // A HEALTHCHECK in the stage it is built FROM is inherited.
    if (baseChain(dockerfile, stage).some((s) => s.instructions.some((i) => i.keyword === 'HEALTHCHECK'))) return;
    report({ stage, message: `final stage (FROM ${stage.image.raw}) has no HEALTHCHECK` });
  },
});
