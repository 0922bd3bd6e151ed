import type { SecretDetector } from '../../types.js';

function jsonObjectOf(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Header and payload are base64url JSON objects and the header names an `alg`; unsigned (`alg: none`) tokens count. */
export const jsonWebToken: SecretDetector = {
  id: 'jwt',
  title: 'JSON Web Token',
  severity: 'medium',
  keywords: ['eyj'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{2,8192}\.[A-Za-z0-9_-]{0,1024})(?![A-Za-z0-9_-])/,
  maxMatchLength: 16384,
  validate: (secret) => {
    const [header, payload] = secret.split('.');
    const alg = jsonObjectOf(header!)?.['alg'];
    return typeof alg === 'string' && jsonObjectOf(payload!) ? 'structure' : false;
  },
  remediation:
    'Revoke the token or rotate the key it was signed with (expiry alone does not help for long-lived tokens), and pass tokens at runtime instead of committing them.',
  references: ['https://www.rfc-editor.org/rfc/rfc7519'],
  aliases: { gitleaks: ['jwt'], trufflehog: ['JWT'] },
};
