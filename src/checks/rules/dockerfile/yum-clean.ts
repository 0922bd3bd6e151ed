import { definePackageCacheRule } from './package-cache.js';

export const yumClean = definePackageCacheRule(
  {
    id: 'docker/yum-clean',
    title: 'yum install without yum clean all',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'yum leaves repository metadata and packages in /var/cache/yum; unless cleaned in the same RUN they ship in the image.',
    remediation: '```dockerfile\nRUN yum install -y httpd-2.4.57 && yum clean all && rm -rf /var/cache/yum\n```',
    references: { urls: ['https://docs.docker.com/build/building/best-practices/#run'] },
    aliases: { hadolint: ['DL3032'], trivy: ['DS015', 'AVD-DS-0015'] },
  },
  { programs: ['yum'], install: ['install', 'groupinstall', 'localinstall', 'reinstall'], cacheDirs: ['/var/cache/yum'], clean: ['clean'], cleanArgs: ['all'] },
);
