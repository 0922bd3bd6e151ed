/** Lowercase canonical UUID; with `secretCase: 'insensitive'` upper-case UUIDs match too. */
export const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** How `assignmentPattern` matches; every detector states both choices. */
export interface AssignmentOptions {
  /**
   * Whether the secret's alphabet ignores case too. The setting's name always does. `'insensitive'` suits formats
   * written in either case (UUIDs, hex keys some tools print upper-case); `'sensitive'` keeps `[a-f0-9]` from taking
   * `A-F`, for vendors whose keys have one exact alphabet.
   */
  secretCase: 'insensitive' | 'sensitive';
  /**
   * `'none'`: the name is on the value's own line or is the key of a pair that holds it (see `ASSIGNMENT_FORMS`).
   * `'one-level'`: also a name on the parent key or object (`vendor:\n  apiKey: v`, `"vendor": {"token": "v"}`,
   * `vendor_configs:\n  - routing_key: v`), which needs a looser separator: any short run of quotes, colons, `=`,
   * `>`, commas, brackets and whitespace, so also `init("vendor", "v")`.
   */
  nesting: 'none' | 'one-level';
  /** Lookahead after the secret: which characters may not continue it. Default: word characters and `+/=~-`. */
  end?: string;
}

const DEFAULT_END = String.raw`(?![\w+/=~-])`;
/**
 * The name sits on an identifier boundary, so `okta` is not read in `rookTable` nor `sumo` in `sumOfExposures`. It
 * starts after a non-letter, on a capital (`dbPassword`, `DBPASSWORD`), or glued to lower-case letters only where no
 * capital follows in the identifier (`dbpassword` is one word: no boundary to see). It does not end on a capital
 * that lower-case letters continue (`sumO|f`); lower-case continuations stay (`sumologic`, `apikey`).
 */
const NAME_START = String.raw`(?:(?<![A-Za-z])|(?=[A-Z])|(?![a-z]{0,40}[A-Z]))`;
const NAME_END = String.raw`(?:(?<![A-Z])|(?![a-z]))`;
// `[\w.-]` continues the setting's name (HEROKU_API_KEY, vendorToken).
const NAME_TAIL = String.raw`[\w.-]{0,30}?`;
// A CLI flag after a tool's name (`vercel --token=`).
const CLI_FLAG = String.raw`(?:[ \t]{1,4}--?[\w-]{1,30})?`;
const KEY_CLOSE = String.raw`["'\]]{0,2}`;
/**
 * How a value is written after its setting's name, quoted or not (`OPENING` takes the quote); each one bounded. A
 * lookbehind comes after a character that must match anyway: the name's tail tries every form at each length.
 */
const ASSIGNMENT_FORMS = [
  // `NAME=v`, `name: v`, `"name": "v"`, `name => v`, Go `:=`, Makefile `::=` `:::=` `?=` `+=`, PHP `.=`, `env["NAME"] = v`.
  String.raw`${KEY_CLOSE}[ \t]{0,4}(?:=>|:{1,3}=|[?+.]=|=|:)`,
  // A type between name and `=`: Go `var token string =`, TypeScript and Kotlin `password: String =`.
  String.raw`[ \t]{0,4}:?[ \t]{1,4}[A-Za-z][\w.]{0,30}\??[ \t]{0,4}=`,
  // A YAML block scalar (`password: |`, `>-`): the value is on the next, indented line.
  String.raw`${KEY_CLOSE}[ \t]{0,4}:[ \t]{1,4}[|>][+-]?[1-9]?[ \t]{0,4}\r?\n[ \t]{1,40}`,
  // A heredoc (Terraform, shell): `password = <<-EOT`, the value on the next line.
  String.raw`[ \t]{0,4}=[ \t]{0,4}<<[-~]?[ \t]{0,4}["']?[A-Za-z_]{1,20}["']?[ \t]{0,4}\r?\n[ \t]{0,40}`,
  // A call whose first argument is the name: `setProperty("db.password", "v")`, `setenv("TOKEN", "v")`, `put(...)`.
  String.raw`["'](?<=\([ \t]{0,4}["'][\w.-]{1,80}["'])[ \t]{0,4},[ \t]{0,4}`,
  // An XML element, the value on its line or the next: `<password>v</password>`.
  String.raw`>(?<=<[\w.:-]{1,80}>)[ \t]{0,4}(?:\r?\n[ \t]{0,40})?`,
  // Name and value in a pair: Kubernetes `- name: NAME` + `value: v`; .NET `key="Name" value="v"`; HCL
  // `variable "name" {` + `default = "v"`.
  String.raw`["']?[ \t]{0,4}\r?\n[ \t]{0,40}value[ \t]{0,4}:`,
  String.raw`["'](?:[ \t]{1,4}|[ \t]{0,4}\{[ \t]{0,4}\r?\n[ \t]{0,40})(?:value|default)[ \t]{0,4}=`,
  // Java properties' `key value`: the key alone at the start of its line, one value ending the line. The value holds
  // no pointer star, comma, semicolon or bracket, which C declarations (`Token *pIdToken,`) always do.
  String.raw`[ \t](?<=(?:^|\n)[ \t]{0,20}[\w.-]{1,90}[ \t])[ \t]{0,3}(?=[^\s*,;(){}]{1,200}[ \t]{0,20}(?:\r?\n|$))`,
];
const OPERATOR = `(?:${ASSIGNMENT_FORMS.join('|')})`;
// TOML's multi-line strings open with three quotes.
const OPENING = String.raw`[ \t]{0,4}(?:"""|'''|["'\x60])?`;
const SEPARATOR = '[\\s"\'`:=>,(\\[{]{1,8}';
const CHILD_KEY = String.raw`(?:${SEPARATOR}(?:-[ \t]{1,4})?[\w.-]{1,30}?)?`;

function prefixSource(name: string, nesting: AssignmentOptions['nesting']): string {
  // The start is checked behind the name, not before it: a pattern opening on an assertion loses the engine's quick
  // scan for the name's first letters and runs twice as slow. So `name` is written twice and may hold no named group.
  const setting = `(?:${name})(?<=${NAME_START}(?:${name}))${NAME_END}${NAME_TAIL}`;
  return nesting === 'none' ? `${setting}${CLI_FLAG}${OPERATOR}${OPENING}` : `${setting}${CHILD_KEY}${SEPARATOR}`;
}

/**
 * A value assigned to a setting whose name matches `name` (regex source; letters match in either case): see
 * `AssignmentOptions` for the shapes each `nesting` accepts. For formats only recognisable by the setting they sit
 * in. Every repetition is bounded, so the scan stays linear.
 */
export function assignmentPattern(name: string, secret: string, options: AssignmentOptions): RegExp {
  const end = options.end ?? DEFAULT_END;
  // No `i` flag, which would blind the name's boundary to capitals: letters are rewritten to take both cases instead.
  const value =
    options.secretCase === 'insensitive'
      ? `(?<secret>${caseInsensitiveSource(secret)})${caseInsensitiveSource(end)}`
      : `(?<secret>${secret})${end}`;
  return new RegExp(`${settingPrefix(name, options.nesting)}${value}`);
}

/**
 * Regex source for the part of `assignmentPattern` before the secret, with the name's letters matching either case
 * without a flag, for detectors that offer it as one alternative among others.
 */
export function settingPrefix(name: string, nesting: AssignmentOptions['nesting']): string {
  return prefixSource(caseInsensitiveSource(name), nesting);
}

const LETTER = /[A-Za-z]/;

/**
 * Regex source that matches what `source` matches, ignoring the case of its letters, as the `i` flag would but for
 * this part of a pattern only: `key` becomes `[kK][eE][yY]`, `[a-f]` becomes `[a-fA-F]`; escapes (`\w`, `\x41`) and
 * group names stay as they are.
 */
export function caseInsensitiveSource(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; ) {
    if (source[i] === '\\') {
      const escape = escapeAt(source, i);
      out += escape;
      i += escape.length;
    } else if (source[i] === '[') {
      const close = classEnd(source, i);
      out += caseInsensitiveClass(source.slice(i, close + 1));
      i = close + 1;
    } else if (source.startsWith('(?<', i) && LETTER.test(source[i + 3] ?? '')) {
      const close = source.indexOf('>', i);
      out += source.slice(i, close + 1);
      i = close + 1;
    } else {
      const ch = source[i] as string;
      out += LETTER.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : ch;
      i++;
    }
  }
  return out;
}

/** The whole escape sequence starting at `at`, including the letters or digits that belong to it. */
function escapeAt(source: string, at: number): string {
  const kind = source[at + 1] ?? '';
  const rest = source.slice(at);
  const match =
    kind === 'x'
      ? /^\\x[0-9A-Fa-f]{2}/.exec(rest)
      : kind === 'u'
        ? /^\\u(?:[0-9A-Fa-f]{4}|\{[0-9A-Fa-f]+\})/.exec(rest)
        : kind === 'p' || kind === 'P'
          ? /^\\[pP]\{[^}]*\}/.exec(rest)
          : kind === 'k'
            ? /^\\k<[^>]*>/.exec(rest)
            : kind === 'c'
              ? /^\\c[A-Za-z]/.exec(rest)
              : null;
  return match?.[0] ?? source.slice(at, at + 2);
}

function classEnd(source: string, open: number): number {
  for (let i = open + 1; i < source.length; i++) {
    if (source[i] === '\\') i += escapeAt(source, i).length - 1;
    else if (source[i] === ']') return i;
  }
  throw new Error(`unterminated character class in ${JSON.stringify(source)}`);
}

/** `[a-f_]` → `[a-f_A-F]`: each letter and letter range gains its other case unless the class already has it. */
function caseInsensitiveClass(cls: string): string {
  const body = cls.slice(1, -1);
  const items: string[] = [];
  for (let i = body[0] === '^' ? 1 : 0; i < body.length; ) {
    const start = body[i] === '\\' ? escapeAt(body, i) : (body[i] as string);
    i += start.length;
    if (body[i] === '-' && i + 1 < body.length) {
      const endItem = body[i + 1] === '\\' ? escapeAt(body, i + 1) : (body[i + 1] as string);
      i += 1 + endItem.length;
      if (LETTER.test(start) || LETTER.test(endItem)) {
        if (!/^[a-z]-[a-z]$|^[A-Z]-[A-Z]$/.test(`${start}-${endItem}`)) {
          throw new Error(`character range ${start}-${endItem} spans letters and other characters: ${cls}`);
        }
        items.push(swapCase(`${start}-${endItem}`));
      }
    } else if (start.length === 1 && LETTER.test(start)) {
      items.push(swapCase(start));
    }
  }
  const missing = [...new Set(items)].filter((item) => !body.includes(item));
  return `[${body}${missing.join('')}]`;
}

function swapCase(text: string): string {
  return text.replace(/[A-Za-z]/g, (ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()));
}
