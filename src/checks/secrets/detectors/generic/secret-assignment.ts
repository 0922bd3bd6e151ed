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
/**
 * Type and symbol names in generated code: `AuthenticationV1TokenRequest`, `v1SecretKeySelector`,
 * `?NonExpressionParenEnd`. Camel-case words of three letters or more with at most one short one and few digits;
 * random text flips case every two or three characters (`q8Zr3TfW1xLm9PvK2sD7`), so it does not qualify.
 */
function isSymbolName(value: string): boolean {
  // `!questionToken`, `*pToken`, `?InterpolationInJSX`: negation, dereference and sigils before a name.
  const name = value.replace(/^[?$#@!*&]+/, '');
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name) || (name.match(/\d/g)?.length ?? 0) > 2) return false;
  // Acronyms and versions stay one word (`JSX`, `V1`; `HTTPServer` is `HTTP` + `Server`).
  const words = name.match(/[A-Z]+[0-9]*(?![a-z])|[A-Z]?[a-z0-9]+/g) ?? [];
  return words.length >= 2 && words.filter((word) => word.length < 3).length <= 1;
}

/** `iEnd-iStart`, `nLeft+nRight`: arithmetic on names, not a literal. */
function isExpression(value: string): boolean {
  const parts = value.split(/[-+*/]/);
  return parts.length >= 2 && parts.every((part) => isSymbolName(part));
}

/** Translated messages (`Neočekávaný token`, `予期しないトークンです。`): mostly non-ASCII natural language. */
function isNaturalLanguage(value: string): boolean {
  const nonAscii = value.match(/[^\x00-\x7f]/g)?.length ?? 0;
  if (nonAscii === 0) return false;
  return /^\p{L}+$/u.test(value) || (nonAscii * 2 >= [...value].length && /\p{L}/u.test(value));
}

function looksLikeReference(value: string): boolean {
  // Comparisons and address-of in code (`sNameToken.z==pName2->z`, `token = &pToken[i]`), not assignments of literals.
  if (value.startsWith('=') || value.startsWith('&')) return true;
  if (isSymbolName(value)) return true;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return true;
  // Identifiers in kebab or snake case (`airtable-token`, `auth0-client-secret`, `api-key-v2`): lowercase words, at
  // most one of them with digits; `x7k2-p9q4-m3n8` has digits everywhere, as generated passwords do.
  if (/^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+:?$/.test(value) && value.split(/[-_]/).filter((part) => /\d/.test(part)).length <= 1) return true;
  // Constants (`FTS5_MAX_TOKEN_SIZE`).
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value) || isExpression(value) || isNaturalLanguage(value)) return true;
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
  pattern: assignmentPattern(`(?:${NAMES})${NOT_THE_SECRET}`, VALUE, { secretCase: 'insensitive', nesting: 'none' }),
  minEntropy: 3,
  generic: true,
  validate: (secret, match) => {
    if (looksLikeReference(secret) || /^\d+$/.test(secret)) return false;
    // In code, an escaped newline ends the value of a setting written inside a string (`"token: false\nkind: Pod"`).
    const [head = ''] = secret.split(/\\[nrt]/);
    if (head !== secret && (head.length < 8 || looksLikeReference(head))) return false;
    // A call or member access right after the value (`token = getToken()`): code, not a literal.
    const next = match.input.charAt(match.index + match[0].length);
    // `pPhrase->nToken` stops before `>`: a member access in C, like `.` elsewhere.
    return next === '(' || next === '.' || next === '[' || (next === '>' && secret.endsWith('-')) ? false : 'keyword';
  },
  remediation:
    'Rotate the credential, then read it at runtime (environment injected from a secret store, a Kubernetes Secret, or a vault agent) instead of writing it into code or config.',
  references: ['https://cwe.mitre.org/data/definitions/798.html'],
  aliases: { gitleaks: ['generic-api-key'] },
};
