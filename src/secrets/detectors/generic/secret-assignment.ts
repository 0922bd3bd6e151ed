import { assignmentPattern } from '../assignment.js';
import type { SecretDetector } from '../../types.js';

const NAMES = String.raw`password|passwd|pwd|secret|token|api[_.-]?key|access[_.-]?key|auth[_.-]?key|private[_.-]?key|credentials?`;
/** Settings about a secret rather than holding one: `secretName`, `password_file`, `token_ttl`, `access_key_id`. */
const NOT_THE_SECRET = String.raw`(?![\w.-]{0,30}?(?:name|file|path|dir|url|uri|endpoint|ref|arn|id|type|kind|length|len|count|size|ttl|expir|timeout|policy|provider|manager|store|mount|version|field|header|format|regex|pattern|enabled|required|prompt|hint|label|hash|salt|algorithm|method|key_?ref)\b)`;
const VALUE = String.raw`[^\s"'\x60,;(){}\[\]<>]{8,200}`;

/**
 * `get_password`, `secretName`, `self.token`, `process.env.API_KEY`, `DB_PASSWORD`: code and config references, not
 * values. Letters-only values count as words unless their case flips as often as random text (`GFiEgUjwxmGaNQ`).
 */
function looksLikeReference(value: string): boolean {
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return true;
  // Identifiers in kebab or snake case (`airtable-token`, `auth0-client-secret`, `api-key-v2`): lowercase words, at
  // most one of them with digits; `x7k2-p9q4-m3n8` has digits everywhere, as generated passwords do.
  if (/^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+:?$/.test(value) && value.split(/[-_]/).filter((part) => /\d/.test(part)).length <= 1) return true;
  if (!/^[A-Za-z_]+$/.test(value)) return false;
  if (value.includes('_')) return true;
  const upper = value.replace(/[^A-Z]/g, '').length;
  return upper <= value.length / 3 || upper === value.length;
}

export const genericSecretAssignment: SecretDetector = {
  id: 'generic-secret',
  title: 'Hard-coded password or secret',
  severity: 'medium',
  keywords: ['password', 'passwd', 'pwd', 'secret', 'token', 'api_key', 'apikey', 'api-key', 'api.key', 'access_key', 'accesskey', 'access-key', 'auth_key', 'authkey', 'private_key', 'credential'],
  pattern: assignmentPattern(`(?:${NAMES})${NOT_THE_SECRET}`, VALUE),
  minEntropy: 3,
  generic: true,
  validate: (secret, match) => {
    if (looksLikeReference(secret) || /^\d+$/.test(secret)) return false;
    // A call or member access right after the value (`token = getToken()`): code, not a literal.
    const next = match.input.charAt(match.index + match[0].length);
    return next === '(' || next === '.' ? false : 'keyword';
  },
  remediation:
    'Rotate the credential, then read it at runtime (environment injected from a secret store, a Kubernetes Secret, or a vault agent) instead of writing it into code or config.',
  references: ['https://cwe.mitre.org/data/definitions/798.html'],
  aliases: { gitleaks: ['generic-api-key'] },
};
