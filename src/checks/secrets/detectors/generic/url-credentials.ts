import type { SecretDetector } from '../../types.js';

const USERINFO_CHAR = String.raw`[^\s:@/?#"'\x60<>\\]`;

/** `postgres://user:pass@host`, `mongodb+srv://…`, `redis://:pass@…`, `amqp://…`, `https://user:pass@…`. */
export const urlCredentials: SecretDetector = {
  id: 'url-credentials',
  title: 'Password in a connection URL',
  severity: 'high',
  keywords: ['://'],
  // Starts at the literal `://` so the regex engine can skip to candidates; validate checks the scheme before it.
  pattern: new RegExp(
    String.raw`:\/\/(?<user>${USERINFO_CHAR}{0,128}):(?<secret>${USERINFO_CHAR}{1,256})@(?<host>[A-Za-z0-9][A-Za-z0-9.-]{0,253}|\[[0-9A-Fa-f:.]{2,45}\])`,
  ),
  maxMatchLength: 700,
  // The match starts at its keyword; validate reads the 22 characters before it for the scheme.
  lookBack: 32,
  generic: true,
  // Compose files' `postgres://postgres:postgres@db` and `user:user` pairs are defaults, not leaked credentials.
  validate: (secret, match) => {
    const scheme = /(?:^|[^\w+.-])([A-Za-z][A-Za-z0-9+.-]{1,20})$/.exec(match.input.slice(Math.max(0, match.index - 22), match.index))?.[1];
    if (!scheme) return false;
    const lower = secret.toLowerCase();
    return lower === match.groups!['user']!.toLowerCase() || lower === scheme.toLowerCase() || /^\d{1,5}$/.test(secret) ? false : 'keyword';
  },
  remediation:
    'Change the password on the server, then build the URL at runtime from a secret (a Kubernetes Secret, a vault) instead of committing it.',
  references: ['https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1'],
  aliases: { gitleaks: ['generic-api-key'], trufflehog: ['URI', 'Postgres', 'MongoDB', 'Redis'] },
};
