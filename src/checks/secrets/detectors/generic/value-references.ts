/**
 * Values of a password or token setting that name something rather than hold a secret: code (`this.token`,
 * `options?.accessToken`, `@api_key`), symbol and constant names, environment-variable names, file paths, container
 * images and URLs.
 */
export function looksLikeReference(value: string): boolean {
  // Comparisons and address-of in code (`sNameToken.z==pName2->z`, `token = &pToken[i]`), not assignments of literals.
  if (value.startsWith('=') || value.startsWith('&')) return true;
  // An environment variable referenced in prose or a shell line, punctuation after it: `$DB_PASSWORD.`, `${TOKEN}),`.
  if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?[.,;:)\]]*$/.test(value)) return true;
  if (isSymbolName(value) || isMemberAccess(value) || isFilePath(value) || isImageReference(value) || isPlainUrl(value)) return true;
  // Identifiers in kebab or snake case (`airtable-token`, `auth0-client-secret`, `api-key-v2`): lowercase words, at
  // most one of them with digits; `x7k2-p9q4-m3n8` has digits everywhere, as generated passwords do.
  if (/^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+:?$/.test(value) && value.split(/[-_]/).filter((part) => /\d/.test(part)).length <= 1) return true;
  // Constants and environment-variable names (`FTS5_MAX_TOKEN_SIZE`, `PASSWORD_FILE`).
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value) || isExpression(value) || isNaturalLanguage(value)) return true;
  if (!/^[A-Za-z_]+$/.test(value)) return false;
  if (value.includes('_')) return true;
  // Letters-only values count as words unless their case flips as often as random text (`GFiEgUjwxmGaNQ`).
  const upper = value.replace(/[^A-Z]/g, '').length;
  return upper <= value.length / 3 || upper === value.length;
}

/**
 * Type and symbol names in generated code: `AuthenticationV1TokenRequest`, `v1SecretKeySelector`,
 * `?NonExpressionParenEnd`. Camel-case words of three letters or more with at most one short one and few digits;
 * random text flips case every two or three characters (`q8Zr3TfW1xLm9PvK2sD7`), so it does not qualify.
 */
function isSymbolName(value: string): boolean {
  // `!questionToken`, `*pToken`, `?InterpolationInJSX`: negation, dereference and sigils before a name.
  const name = value.replace(/^[?$#@!*&]+/, '');
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name) || (name.match(/\d/g)?.length ?? 0) > 2) return false;
  // A sigil before one word is a variable too: Ruby's `@api_key`, Perl's `$token`, a dereferenced `*secret`.
  if (name !== value && /^[a-z_]+$/.test(name)) return true;
  // Acronyms and versions stay one word (`JSX`, `V1`; `HTTPServer` is `HTTP` + `Server`).
  const words = name.match(/[A-Z]+[0-9]*(?![a-z])|[A-Z]?[a-z0-9]+/g) ?? [];
  // Five consonants in a row (`Dchjpur`) spell no word, and random letters often do.
  return words.length >= 2 && words.filter((word) => word.length < 3).length <= 1 && !/[b-df-hj-np-tv-xz]{5}/i.test(name);
}

/** `this.token`, `process.env.API_KEY`, `options?.initialAccessToken`, `config.token!`: member access in code. */
function isMemberAccess(value: string): boolean {
  return /^[@$]?[A-Za-z_$][\w$]*(?:(?:\?\.|!\.|\.|::)[A-Za-z_$][\w$]*)+[!?]?$/.test(value);
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

const PATH_SEGMENT = /^[\w.-]*$/;

/**
 * `/run/secrets/db`, `./creds.json`, `.deploystack/creds.json`, `~/.aws/credentials`, `C:\keys\app.pfx`: where a
 * secret is kept. An absolute or relative path in lower-case segments, or any path ending in a file extension.
 * Base64 holds `/` too, but in mixed-case segments and never a `.`, so keys do not qualify.
 */
function isFilePath(value: string): boolean {
  const path = value.replace(/^[A-Za-z]:\\/, '/').replace(/\\/g, '/');
  if (!path.includes('/')) return false;
  const segments = path.replace(/^~/, '').split('/');
  if (!segments.every((segment) => PATH_SEGMENT.test(segment))) return false;
  const last = segments[segments.length - 1] ?? '';
  if (/[A-Za-z0-9]\.[A-Za-z][A-Za-z0-9]{0,5}$/.test(last)) return true;
  // Words, capitalised or not (`/Users/dev`, `/run/secrets`); base64 mixes case inside a segment (`K7MDENG`).
  return /^(?:\/|\.{1,2}\/|~\/)/.test(path) && segments.every((segment) => /^[A-Z]?[a-z0-9._-]*$/.test(segment));
}

/**
 * `ghcr.io/acme/token-service:1.4.2`, `quay.io/org/secret-sync@sha256:…`, `vault:1.15`: a container image named on a
 * command line (`--image=`, `kubectl set image … token-service=…`). Lower-case repository segments, and a tag or a
 * registry path.
 */
function isImageReference(value: string): boolean {
  const match = /^((?:[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?\/)?[a-z0-9._-]+(?:\/[a-z0-9._-]+)*)(?::([\w][\w.-]{0,127}))?(?:@sha256:[a-f0-9]{64})?$/.exec(value);
  if (!match) return false;
  const [, repository = '', tag] = match;
  // A slash and a word before it (`acme/app`), or a version-like tag (`vault:1.15`, `redis:latest`).
  if (repository.includes('/')) return /[a-z]{2}/.test(repository) && (tag !== undefined || value.includes('@') || /[a-z]{3}[-/]/.test(repository));
  return tag !== undefined && /^[a-z]+(?:-[a-z]+)*$/.test(repository) && /^(?:v?\d+(?:\.\d+){0,3}(?:-[\w.]+)?|latest|stable|alpine|slim)$/.test(tag);
}

/**
 * A URL with no user or password in it (`https://vault.internal/v1/auth`), or a URN (a WebDAV `Lock-Token:
 * urn:uuid:…`): an address or a name; credentials in a URL are `url-credentials`'.
 */
function isPlainUrl(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/[^@\s]+$/.test(value) || /^urn:[a-z0-9][a-z0-9-]{0,31}:/i.test(value);
}
