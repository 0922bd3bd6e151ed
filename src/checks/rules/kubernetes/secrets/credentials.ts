/**
 * Heuristics shared by the credential rules. They favour precision: a name must read as a secret
 * (DB_PASSWORD, clientSecret, API_KEY) and not as metadata about one (PASSWORD_FILE, TOKEN_URL,
 * ACCESS_KEY_ID), and a value must be a literal, not a placeholder, reference, path or flag.
 */

/** Words that mean the value is a secret wherever they appear in a name. */
const SECRET_WORDS = /PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL/;
/** Words that mean a secret only as a whole word or word ending (AUTHTOKEN yes, TOKENIZER no). */
const SECRET_WORD_ENDINGS = /(SECRET|TOKEN|APIKEY|PRIVATEKEY|SECRETKEY|ACCESSKEY|AUTHKEY|SIGNINGKEY|ENCRYPTIONKEY)$/;
/** `<qualifier>_KEY` pairs that name key material; a bare KEY (CACHE_KEY, SORT_KEY) does not. */
const KEY_QUALIFIERS = new Set(['API', 'ACCESS', 'PRIVATE', 'SECRET', 'SIGNING', 'ENCRYPTION', 'MASTER', 'LICENSE', 'AUTH', 'SESSION', 'HMAC', 'JWT']);
/** A final word that turns the name into metadata about a secret rather than the secret itself. */
const METADATA_SUFFIXES = new Set([
  'ALG', 'ALGORITHM', 'AUDIENCE', 'BACKEND', 'COUNT', 'DIR', 'DIRECTORY', 'DISABLED', 'ENABLE', 'ENABLED', 'ENDPOINT', 'EXPIRATION',
  'EXPIRES', 'EXPIRY', 'FIELD', 'FILE', 'FILES', 'FORMAT', 'HEADER', 'HOST', 'HOSTNAME', 'ID', 'INTERVAL', 'ISSUER', 'KIND', 'LEN',
  'LENGTH', 'LIFETIME', 'LIMIT', 'LOCATION', 'MAX', 'METHOD', 'MIN', 'MODE', 'MOUNT', 'NAME', 'PATH', 'PATTERN', 'POLICY', 'PORT',
  'PREFIX', 'PROVIDER', 'REF', 'REGEX', 'REQUIRED', 'ROTATION', 'SCOPE', 'SCOPES', 'SIZE', 'SOURCE', 'STORE', 'TIMEOUT', 'TTL',
  'TYPE', 'URI', 'URL', 'USER', 'USERNAME', 'VERSION',
]);
/** A first word that makes the name a switch (USE_TOKEN, ENABLE_PASSWORD_AUTH). */
const FLAG_PREFIXES = new Set(['ALLOW', 'DISABLE', 'ENABLE', 'IS', 'REQUIRE', 'USE']);

/** `dbPassword`, `DB-PASSWORD` and `spring.datasource.password` all become upper-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toUpperCase());
}

/** Every name the rules below accept holds one of these (each word is a piece of the name): a cheap first test. */
const CREDENTIAL_SUBSTRING = /pass|pwd|credential|secret|token|key/i;
/** A line of an embedded file that may hold a credential: such a name, or a URL (which may carry a password). */
const CANDIDATE_LINE = /pass|pwd|credential|secret|token|key|:\/\//gi;

export function looksLikeCredentialName(name: string): boolean {
  if (!CREDENTIAL_SUBSTRING.test(name)) return false;
  const parts = words(name);
  if (parts.length === 0 || name === 'PWD' || name === 'OLDPWD') return false; // the shell's working directory
  if (METADATA_SUFFIXES.has(parts[parts.length - 1]!) || FLAG_PREFIXES.has(parts[0]!)) return false;
  return parts.some(
    (word, i) =>
      SECRET_WORDS.test(word) ||
      SECRET_WORD_ENDINGS.test(word) ||
      word === 'PWD' ||
      (word === 'PASS' && i === parts.length - 1) ||
      (word === 'KEY' && i > 0 && KEY_QUALIFIERS.has(parts[i - 1]!)),
  );
}

/** Template or substitution syntax, masks and secret-manager references: text that stands for a secret. */
export function isPlaceholder(value: string): boolean {
  const text = value.trim();
  return (
    /^\$\{[^}]*\}$/.test(text) || // envsubst, Spring, Compose
    text.includes('$(') || // Kubernetes dependent environment variable
    /^\{\{[\s\S]*\}\}$/.test(text) || // unrendered Helm/Go template
    /^<[^<>]*>$/.test(text) || // <your-password>
    /^(\*+|x{3,}|X{3,})$/.test(text) ||
    /^(arn:aws[\w-]*:(secretsmanager|ssm|kms):|vault:|ref\+|op:\/\/|akv:\/\/|projects\/[^/]+\/secrets\/)/i.test(text)
  );
}

/** Values that cannot be a credential: empty or too short, placeholders, flags, numbers, durations, paths, plain URLs. */
export function isTrivialValue(value: string): boolean {
  const text = value.trim();
  return (
    text.length < 3 ||
    isPlaceholder(text) ||
    /^(true|false|yes|no|on|off|enabled|disabled|none|null|nil|~)$/i.test(text) ||
    /^-?\d+(\.\d+)?$/.test(text) ||
    /^\d+(ms|s|m|h|d)$/.test(text) ||
    /^(\/|~\/|file:\/\/)[\w.\-/]*$/.test(text) ||
    /^[a-z][a-z0-9+.-]*:\/\/[^\s@]*$/i.test(text)
  );
}

/** Bounded so the scan stays linear on megabyte values: userinfo longer than this is no credential. */
const USERINFO = /[^\s:/@]{0,256}:([^\s@/]{1,256})@/y;

/** The password in `scheme://user:password@host`, when it is a literal. */
export function urlPassword(value: string): string | undefined {
  for (let at = value.indexOf('://'); at >= 0; at = value.indexOf('://', at + 3)) {
    if (!/[a-z][a-z0-9+.-]{0,31}$/i.test(value.slice(Math.max(0, at - 32), at))) continue;
    USERINFO.lastIndex = at + 3;
    const match = USERINFO.exec(value);
    if (match && !isPlaceholder(match[1]!)) return match[1];
  }
  return undefined;
}

export function containsPrivateKey(value: string): boolean {
  return /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/.test(value);
}

export type CredentialFinding =
  | { kind: 'named'; length: number }
  | { kind: 'url-password'; length: number }
  | { kind: 'private-key' };

/** Why a `name = value` pair holds a credential, or undefined when it does not. */
export function findCredential(name: string, value: string): CredentialFinding | undefined {
  if (containsPrivateKey(value)) return { kind: 'private-key' };
  const password = urlPassword(value);
  if (password !== undefined) return { kind: 'url-password', length: password.length };
  if (looksLikeCredentialName(name) && !isTrivialValue(value)) return { kind: 'named', length: value.trim().length };
  return undefined;
}

/** `key = value`, `key: value`, `"key": "value",` and `export KEY=value` lines of embedded config files. */
const SETTING_LINE = /^\s*(?:export\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*(.*?)\s*,?\s*$/;
/** `"key": "value"` pairs, several of which may share a line of JSON. */
const JSON_PAIR = /"([A-Za-z_][\w.-]*)"\s*:\s*"((?:[^"\\]|\\.)*)"/g;

export interface CredentialHit {
  setting: string;
  /** Line inside a multi-line value (an embedded config file). */
  line?: number;
  finding: CredentialFinding;
}

/** The credentials a `key: value` entry holds: the value itself, or the settings of the config file it embeds. */
export function credentialsIn(key: string, value: string): CredentialHit[] {
  if (!value.includes('\n')) {
    const finding = findCredential(key, value);
    return finding ? [{ setting: key, finding }] : [];
  }
  const hits: CredentialHit[] = [];
  // One private key is one finding, however many lines it spans.
  const privateKey = findCredential('', value);
  if (privateKey?.kind === 'private-key') return [{ setting: 'file', finding: privateKey }];
  // Dashboards and rule files run to megabytes. No private key in the whole value (above): a finding needs a URL or a
  // credential-like name on its line, so one search over the value finds the lines worth reading, and the lines
  // between them are only counted.
  const candidates = CANDIDATE_LINE;
  candidates.lastIndex = 0;
  // Line numbers are counted only up to a line that holds a finding, which few do.
  let counted = 0;
  let number = 1;
  const lineNumber = (start: number): number => {
    for (let newline = value.indexOf('\n', counted); newline >= 0 && newline < start; newline = value.indexOf('\n', newline + 1)) number++;
    counted = start;
    return number;
  };
  for (let match = candidates.exec(value); match; match = candidates.exec(value)) {
    const start = value.lastIndexOf('\n', match.index) + 1;
    const newline = value.indexOf('\n', match.index);
    const end = newline < 0 ? value.length : newline;
    candidates.lastIndex = end + 1;
    const line = value.slice(start, end);
    if (/^\s*(#|;|\/\/)/.test(line)) continue;
    const pairs: Array<[string, string]> = [];
    JSON_PAIR.lastIndex = 0;
    for (let match = JSON_PAIR.exec(line); match; match = JSON_PAIR.exec(line)) pairs.push([match[1]!, match[2]!]);
    const setting = pairs.length === 0 ? SETTING_LINE.exec(line) : null;
    if (setting) pairs.push([setting[1]!, unquote(setting[2]!)]);
    if (pairs.length === 0) pairs.push(['value', line]);
    for (const [name, text] of pairs) {
      const finding = findCredential(name, text);
      if (finding) hits.push({ setting: name, line: lineNumber(start), finding });
    }
  }
  return hits;
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/** What a message may say about a secret value: its size, never its content. */
export function redacted(size: number, unit: 'characters' | 'bytes', note = ''): string {
  return `<redacted, ${size} ${unit}${note}>`;
}

export function describeCredential(finding: CredentialFinding): string {
  switch (finding.kind) {
    case 'private-key':
      return 'a private key';
    case 'url-password':
      return `a password in a URL ${redacted(finding.length, 'characters')}`;
    case 'named':
      return `a literal value ${redacted(finding.length, 'characters')}`;
  }
}
