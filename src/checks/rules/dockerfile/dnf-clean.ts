import { definePackageCacheRule } from './package-cache.js';

export const dnfClean = definePackageCacheRule(
  {
    id: 'docker/dnf-clean',
    title: 'dnf install without dnf clean all',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'dnf and microdnf leave repository metadata and packages in /var/cache/dnf (or /var/cache/yum); unless cleaned in the same RUN they ship in the image.',
    remediation: '```dockerfile\nRUN dnf install -y httpd-2.4.57 && dnf clean all\n```',
    references: { urls: ['https://docs.docker.com/build/building/best-practices/#run'] },
    aliases: { hadolint: ['DL3040'], trivy: ['DS019', 'AVD-DS-0019', 'DS027', 'AVD-DS-0027'] },
  },
  { programs: ['dnf', 'microdnf', 'tdnf'], install: ['install', 'groupinstall', 'reinstall'], cacheDirs: ['/var/cache/dnf', '/var/cache/yum', '/var/cache/tdnf'], clean: ['clean'], cleanArgs: ['all'] },
);
