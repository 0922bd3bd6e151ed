/**
 * Values that stand in for a secret rather than being one: template and variable references, filler characters,
 * stop words and the example keys vendors print in their documentation. Shared by every detector unless it sets
 * `keepPlaceholders`.
 */

/** Vendor documentation examples that do not contain a stop word themselves. */
const VENDOR_EXAMPLES = new Set([
  'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  // Telegram's Bot API documentation.
  '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11',
]);

/** Anywhere in the value, case-insensitive (covers `AKIAIOSFODNN7EXAMPLE` and `…bPxRfiCYEXAMPLEKEY`). */
const CONTAINED = [
  'example', 'changeme', 'change_me', 'change-me', 'replaceme', 'replace_me', 'replace-me', 'placeholder', 'redacted',
  'dummy', 'sample', 'foobar', 'xxxx', '****', '####', '...', '\u2026', '<your', 'your_', 'your-', 'insert_', 'insert-', 'todo',
  'notreal', 'not_real', 'not-a-real', 'fake', '12345678', 'abcdefgh',
];

/** The whole value, letters only, optionally behind `my`/`your`/`the` and before digits: `password`, `Secret123!`. */
const STOP_WORDS = [
  'password', 'passwd', 'pass', 'pwd', 'secret', 'token', 'apikey', 'key', 'test', 'testing', 'admin', 'root',
  'user', 'username', 'guest', 'default', 'value', 'string', 'null', 'none', 'nil', 'true', 'false', 'undefined',
  'empty', 'foo', 'bar', 'baz', 'qwerty', 'letmein', 'welcome', 'abc', 'xyz', 'demo', 'local', 'dev', 'tbd', 'auth',
];
const STOP_WORD_VALUE = new RegExp(`^(?:my|your|the|some|a)?(?:${STOP_WORDS.join('|')})+\\d*$`);

const TEMPLATE = [
  /\$\{[^}]*\}?/, // ${VAR}, ${{ secrets.X }}
  /\$\([^)]*\)?/, // $(cmd)
  /\{\{.*\}\}/, // {{ .Values.x }}, Jinja
  /\{%.*%\}/,
  /#\{[^}]*\}/, // Ruby, Spring
  /%\([A-Za-z_]+\)s/, // Python %(name)s
  /%[sdv]/, // printf verbs
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $VAR
  /^%[A-Za-z_][A-Za-z0-9_]*%$/, // %VAR% on Windows
  /^<[^<>]+>$/, // <your-token>
  /^\[[^[\]]+\]$/, // [token]
  /^@[A-Za-z_]+@$/, // @TOKEN@ (Maven filtering)
  /^__[A-Za-z0-9_]+__$/, // __TOKEN__
];

/**
 * Words documentation spells a stand-in with (`RANDOMSTRINGHERE`, `your_api_key_goes_here`, `insert-token-here`): a
 * value made of these alone, in any case and with any separators, is read as one.
 */
const DOC_WORDS = new Set([
  'your', 'my', 'our', 'the', 'some', 'any', 'random', 'string', 'here', 'goes', 'put', 'insert', 'enter', 'add',
  'replace', 'with', 'this', 'generated', 'generate', 'secret', 'token', 'key', 'api', 'password', 'pass', 'value',
  'long', 'super', 'very', 'actual', 'real', 'own', 'new', 'private', 'public', 'access', 'auth', 'client', 'app',
  'service', 'account', 'user', 'admin', 'database', 'db', 'prod', 'production', 'dev', 'test', 'sample', 'default',
  'dummy', 'fake', 'mock', 'temp', 'example', 'demo', 'changeme', 'change', 'me', 'it', 'later', 'to', 'be', 'set',
  'for', 'of', 'do', 'not', 'use', 'and', 'or', 'id', 'name', 'abc', 'xyz', 'foo', 'bar', 'baz', 'qux', 'hello',
  'world', 'lorem', 'ipsum', 'xxx',
]);
const LONGEST_DOC_WORD = Math.max(...[...DOC_WORDS].map((word) => word.length));

export function isPlaceholder(secret: string): boolean {
  const value = secret.trim();
  if (value.length === 0 || VENDOR_EXAMPLES.has(value)) return true;
  if (isFiller(value) || isSequence(value)) return true;
  const lower = value.toLowerCase();
  if (CONTAINED.some((word) => lower.includes(word))) return true;
  if (STOP_WORD_VALUE.test(lower.replace(/[^a-z0-9]/g, ''))) return true;
  if (isDocWords(lower)) return true;
  return TEMPLATE.some((pattern) => pattern.test(value));
}

/**
 * Keyboard and alphabet runs (`abc123xyz`, `abcd1234efgh5678`, `0123456789abcdef`, `9876zyxw`): at least five
 * neighbours one apart and half the value. Random text has one such pair in about 30 (hex: 8), so keys do not qualify.
 */
function isSequence(value: string): boolean {
  const lower = value.toLowerCase();
  let steps = 0;
  for (let i = 1; i < lower.length; i++) {
    const a = lower.charCodeAt(i - 1);
    const b = lower.charCodeAt(i);
    if (Math.abs(b - a) === 1 && isAlphanumeric(a) && isAlphanumeric(b)) steps++;
  }
  return steps >= 5 && steps * 2 >= lower.length - 1;
}

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122);
}

/** Two or more of `DOC_WORDS` and nothing else but separators and trailing digits; a linear word break, no regex. */
function isDocWords(lower: string): boolean {
  const letters = lower.replace(/[\s_.-]+/g, '').replace(/\d+$/, '');
  if (letters.length < 6 || letters.length > 80 || !/^[a-z]+$/.test(letters)) return false;
  // words[i]: fewest words that spell letters[0, i), or Infinity.
  const words = new Array<number>(letters.length + 1).fill(Number.POSITIVE_INFINITY);
  words[0] = 0;
  for (let end = 1; end <= letters.length; end++) {
    for (let start = Math.max(0, end - LONGEST_DOC_WORD); start < end; start++) {
      if (words[start]! + 1 < words[end]! && DOC_WORDS.has(letters.slice(start, end))) words[end] = words[start]! + 1;
    }
  }
  return words[letters.length]! >= 2 && words[letters.length]! < Number.POSITIVE_INFINITY;
}

/** One character repeated (`aaaaaaaa`, `00000000`), or two alternating (`abababab`). */
function isFiller(value: string): boolean {
  const period = value.charCodeAt(1) === value.charCodeAt(0) ? 1 : 2;
  if (value.length < 2 * period) return value.length === 1;
  for (let i = period; i < value.length; i++) if (value.charCodeAt(i) !== value.charCodeAt(i - period)) return false;
  return true;
}
