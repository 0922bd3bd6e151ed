import { defineImageRule } from './rule.js';

export const healthcheckMissing = defineImageRule({
  meta: {
    id: 'image/healthcheck-missing',
    title: 'No HEALTHCHECK in the image',
    severity: 'low',
    target: 'image',
    rationale:
      'Without a `Healthcheck` in its config, Docker and Swarm consider a hung but running container healthy. (Kubernetes ignores it and uses probes, so for images that only run on Kubernetes this is informational.) `HEALTHCHECK NONE` records a deliberate choice and is accepted.',
    remediation: 'Add a health check to the final stage and rebuild:\n\n```dockerfile\nHEALTHCHECK --interval=30s --timeout=3s CMD ["/usr/local/bin/app", "healthcheck"]\n```',
    references: { cis: ['CIS Docker 4.6'], urls: ['https://docs.docker.com/reference/dockerfile/#healthcheck'] },
    aliases: { trivy: ['DS026', 'AVD-DS-0026'], checkov: ['CKV_DOCKER_2'] },
  },
  check({ config, report }) {
    const test = config.config?.Healthcheck?.Test;
    if (Array.isArray(test) && test.length > 0) return;
    report({ fieldPath: 'config.Healthcheck', message: 'image config has no Healthcheck' });
  },
});
