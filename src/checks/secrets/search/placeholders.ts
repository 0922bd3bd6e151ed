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
]);

/** Anywhere in the value, case-insensitive (covers `AKIAIOSFODNN7EXAMPLE` and `…bPxRfiCYEXAMPLEKEY`). */
const CONTAINED = [
  'example', 'changeme', 'change_me', 'change-me', 'replaceme', 'replace_me', 'replace-me', 'placeholder', 'redacted',
  'dummy', 'sample', 'foobar', 'xxxx', '****', '....', '<your', 'your_', 'your-', 'insert_', 'insert-', 'todo',
  'notreal', 'not_real', 'not-a-real', 'fake', '12345678', 'abcdefgh',
];

/** The whole value, letters only, optionally behind `my`/`your`/`the` and before digits: `password`, `Secret123!`. */
const STOP_WORDS = [
  'password', 'passwd', 'pass', 'pwd', 'secret', 'token', 'apikey', 'key', 'test', 'testing', 'admin', 'root',
  'user', 'username', 'guest', 'default', 'value', 'string', 'null', 'none', 'nil', 'true', 'false', 'undefined',
  'empty', 'foo', 'bar', 'baz', 'qwerty', 'letmein', 'welcome', 'abc', 'demo', 'local', 'dev', 'tbd', 'auth',
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

export function isPlaceholder(secret: string): boolean {
  const value = secret.trim();
  if (value.length === 0 || VENDOR_EXAMPLES.has(value)) return true;
  if (isFiller(value)) return true;
  const lower = value.toLowerCase();
  if (CONTAINED.some((word) => lower.includes(word))) return true;
  if (STOP_WORD_VALUE.test(lower.replace(/[^a-z0-9]/g, ''))) return true;
  return TEMPLATE.some((pattern) => pattern.test(value));
}

/** One character repeated (`aaaaaaaa`, `00000000`), or two alternating (`abababab`). */
function isFiller(value: string): boolean {
  const period = value.charCodeAt(1) === value.charCodeAt(0) ? 1 : 2;
  if (value.length < 2 * period) return value.length === 1;
  for (let i = period; i < value.length; i++) if (value.charCodeAt(i) !== value.charCodeAt(i - period)) return false;
  return true;
}
