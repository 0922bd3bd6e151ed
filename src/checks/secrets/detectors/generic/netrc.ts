import type { SecretDetector } from '../../types.js';

export const netrcPassword: SecretDetector = {
  id: 'netrc-password',
  title: 'Password in a .netrc entry',
  severity: 'high',
  keywords: ['machine'],
  pattern:
    /\bmachine\s{1,16}\S{1,253}\s{1,16}(?:login\s{1,16}\S{1,256}\s{1,16})?(?:account\s{1,16}\S{1,256}\s{1,16})?password\s{1,16}(?<secret>\S{1,256})/,
  remediation:
    'Change the password (or revoke the token) for that host, and keep .netrc only in the home directory with mode 600, never in a repository or image.',
  references: ['https://everything.curl.dev/usingcurl/netrc'],
  aliases: { trufflehog: ['Netrc'] },
};
