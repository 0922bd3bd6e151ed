import { definePackageCacheRule } from './package-cache.js';

export const zypperClean = definePackageCacheRule(
  {
    id: 'docker/zypper-clean',
    title: 'zypper install without zypper clean',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'zypper keeps repository metadata and packages in /var/cache/zypp; unless cleaned in the same RUN they ship in the image.',
    remediation: '```dockerfile\nRUN zypper install -y curl=8.0.1 && zypper clean\n```',
    references: { urls: ['https://docs.docker.com/build/building/best-practices/#run'] },
    aliases: { hadolint: ['DL3036'], trivy: ['DS020', 'AVD-DS-0020'] },
  },
  { programs: ['zypper'], install: ['install', 'in'], cacheDirs: ['/var/cache/zypp'], clean: ['clean', 'cc'], cleanArgs: [] },
);
