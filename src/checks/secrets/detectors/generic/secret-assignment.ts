import { assignmentPattern } from '../assignment.js';
import { looksLikeReference } from './value-references.js';
import type { SecretDetector } from '../../types.js';

const NAMES = String.raw`password|passwd|pwd|secret|token|api[_.-]?key|access[_.-]?key|auth[_.-]?key|private[_.-]?key|credentials?`;
/** Settings about a secret rather than holding one: `secretName`, `password_file`, `token_ttl`, `access_key_id`. */
const NOT_THE_SECRET = String.raw`(?![\w.-]{0,30}?(?:name|file|path|dir|url|uri|endpoint|ref|arn|id|type|kind|length|len|count|size|ttl|expir|timeout|policy|provider|manager|store|mount|version|field|header|format|regex|pattern|enabled|required|prompt|hint|label|hash|salt|algorithm|method|key_?ref)\b)`;
const VALUE = String.raw`[^\s"'\x60,;(){}\[\]<>]{8,200}`;
/** Words before the keyword that make a setting public or a per-session form token: `publicToken`, `csrf_token`. */
const OPEN_QUALIFIERS = ['public', 'publishable', 'csrf', 'xsrf', 'authenticity'];
const OPEN_SETTING = new RegExp(`(?:${OPEN_QUALIFIERS.join('|')})[_.-]?(?:token|api[_.-]?key|key)(?![\\w.-])`, 'i');
/** How far before the keyword a qualifier and its separator reach. */
const QUALIFIER_REACH = Math.max(...OPEN_QUALIFIERS.map((word) => word.length)) + 1;
/** Lower-case words joined by `-`, `_` or `.`, then a three-part version: `jjwt-jackson-0.11.2`, `left_pad-1.3.0`. */
const PACKAGE_VERSION = /^[a-z][a-z0-9]*(?:[-_.][a-z][a-z0-9]*)*[-@]v?\d+\.\d+\.\d+$/;

export const genericSecretAssignment: SecretDetector = {
  id: 'generic-secret',
  title: 'Hard-coded password or secret',
  severity: 'medium',
  // Every spelling NAMES takes (`[_.-]?` between the words): a name the keywords missed was found only when another
  // keyword happened to be near.
  keywords: [
    'password', 'passwd', 'pwd', 'secret', 'token', 'credential',
    ...['api', 'access', 'auth', 'private'].flatMap((word) => ['', '_', '.', '-'].map((separator) => `${word}${separator}key`)),
  ],
  pattern: assignmentPattern(`(?:${NAMES})${NOT_THE_SECRET}`, VALUE, { secretCase: 'insensitive', nesting: 'none' }),
  minEntropy: 3,
  generic: true,
  // A match spans at most about 370 characters from its name (name 11, tail 30, CLI flag 36, the longest operator 84,
  // opening 7, value 200), and the properties form looks back at most 112 characters to its line's start.
  maxMatchLength: 512,
  // A match starts at its name, which starts with a keyword. Before it, the lookbehinds read at most 112 characters
  // (the properties form's line), and validate 13 (QUALIFIER_REACH).
  lookBack: 128,
  validate: (secret, match) => {
    if (looksLikeReference(secret) || /^\d+$/.test(secret)) return false;
    // In code, an escaped newline ends the value of a setting written inside a string (`"token: false\nkind: Pod"`).
    const [head = ''] = secret.split(/\\[nrt]/);
    if (head !== secret && (head.length < 8 || looksLikeReference(head))) return false;
    // A flag after the keyword's word (`token-checker --image=…`): the word names a command or resource, not a setting.
    if (/\s--?[A-Za-z]/.test(match[0].slice(0, -secret.length))) return false;
    // A setting that says its value is public or a per-session form token (`publicToken`, `csrf_token`, `xsrfToken`,
    // Rails' `authenticity_token`).
    const setting = match.input.slice(Math.max(0, match.index - QUALIFIER_REACH), match.index + match[0].length - secret.length);
    if (OPEN_SETTING.test(setting)) return false;
    // A package and its version (`io.jsonwebtoken:jjwt-jackson-0.11.2`): a dependency, not a credential.
    if (PACKAGE_VERSION.test(secret)) return false;
    // A token in an image URL's query (`badge.svg?token=…`): a badge's public read token, shown to every visitor.
    if (/\.(?:svg|png)\?$/i.test(match.input.slice(Math.max(0, match.index - 5), match.index))) return false;
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
