/**
 * A small shell-word tokenizer for RUN text: enough structure for rules to see commands, their
 * arguments and how they are chained, without executing anything. It respects quotes, escapes,
 * `$(...)` and backticks, drops redirections and comments, and never throws.
 */
export type ShellOperator = '&&' | '||' | ';' | '|' | '&';

export interface ShellCommand {
  /** Words after leading `VAR=value` assignments and shell keywords (`then`, `do`, `!`...), unquoted. */
  argv: string[];
  /** `argv` without wrappers that run another command (`sudo`, `env`, `nohup`, `exec`, `time`). */
  effectiveArgv: string[];
  /** Basename of `effectiveArgv[0]`, or '' for an empty command. */
  name: string;
  assignments: string[];
  /** Operator that joins this command to the previous / next one; newlines count as `;`. */
  prev?: ShellOperator;
  next?: ShellOperator;
  /** The command's own source text, trimmed, for messages. */
  text: string;
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'case', 'esac', '!', '{', '}']);
const WRAPPERS = new Set(['sudo', 'env', 'nohup', 'exec', 'time', 'command']);
const WRAPPER_OPTIONS_WITH_VALUES: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '--user', '--group']),
  env: new Set(['-u', '--unset', '-C', '--chdir', '-S']),
};

/** Characters the tokenizer acts on; every other character just extends the current word. */
const SPECIAL: ReadonlySet<string> = new Set(['\n', ' ', '\t', '\r', '#', "'", '"', '\\', '$', '`', '&', '|', ';', '(', ')', '<', '>']);

const NO_WORDS: string[] = [];

interface Draft {
  words: string[];
  start: number;
  prev?: ShellOperator;
}

export function tokenizeShell(source: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let draft: Draft = { words: [], start: 0 };
  let word: string | undefined;
  // Start of a run of ordinary characters not yet added to `word`: one slice per run instead of
  // one string per character keeps a megabyte-long word linear in time and memory.
  let plain = -1;
  let skipNextWord = false;

  const flush = (to: number): void => {
    if (plain < 0) return;
    word = (word ?? '') + source.slice(plain, to);
    plain = -1;
  };
  const endWord = (): void => {
    if (word === undefined) return;
    if (skipNextWord) skipNextWord = false;
    else draft.words.push(word);
    word = undefined;
  };
  const endCommand = (end: number, op: ShellOperator | undefined, next: number): void => {
    endWord();
    const built = build(draft, source.slice(draft.start, end));
    if (built) {
      if (op) built.next = op;
      commands.push(built);
      draft = { words: [], start: next, ...(op ? { prev: op } : {}) };
    } else {
      // An empty command (a blank line after `&&`) keeps the operator that led to it.
      const last = commands[commands.length - 1];
      if (last && !last.next && op) last.next = op;
      draft = { words: [], start: next, ...(draft.prev ? { prev: draft.prev } : op ? { prev: op } : {}) };
    }
  };

  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (!SPECIAL.has(c)) {
      if (plain < 0) plain = i;
      i++;
      continue;
    }
    flush(i);
    if (c === '\n') {
      endCommand(i, ';', i + 1);
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
    } else if (c === '#' && word === undefined) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === "'") {
      const close = source.indexOf("'", i + 1);
      const end = close < 0 ? source.length : close;
      word = (word ?? '') + source.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      const [text, end] = readDoubleQuoted(source, i + 1);
      word = (word ?? '') + text;
      i = end;
    } else if (c === '\\') {
      if (source[i + 1] === '\n') i += 2;
      else {
        word = (word ?? '') + (source[i + 1] ?? '');
        i += 2;
      }
    } else if (c === '$' && source[i + 1] === '(') {
      const end = matchParen(source, i + 1);
      word = (word ?? '') + source.slice(i, end);
      i = end;
    } else if (c === '`') {
      const close = source.indexOf('`', i + 1);
      const end = close < 0 ? source.length : close + 1;
      word = (word ?? '') + source.slice(i, end);
      i = end;
    } else if (c === '&' || c === '|' || c === ';') {
      const two = source.slice(i, i + 2);
      let op: ShellOperator;
      let length = 1;
      if (two === '&&' || two === '||') [op, length] = [two, 2];
      else if (two === '|&') [op, length] = ['|', 2];
      else if (two === ';;') [op, length] = [';', 2];
      else if (c === '&' && source[i + 1] === '>') {
        // `&>file` redirects both streams; it is not a background operator.
        endWord();
        i = skipRedirection(source, i + 1);
        skipNextWord = true;
        continue;
      } else op = c as ShellOperator;
      endCommand(i, op, i + length);
      i += length;
    } else if (c === '(' || c === ')') {
      endCommand(i, ';', i + 1);
      i++;
    } else if (c === '<' || c === '>') {
      // A word made only of digits right before a redirection is a file descriptor, not an argument.
      if (word !== undefined && /^\d+$/.test(word)) word = undefined;
      endWord();
      const after = skipRedirection(source, i);
      const operator = source.slice(i, after);
      i = after;
      if (operator.endsWith('&') && /\d|-/.test(source[i] ?? '')) {
        while (i < source.length && /[\d-]/.test(source[i]!)) i++;
      } else if (operator.startsWith('<(') || operator.startsWith('>(')) {
        i = matchParen(source, i - 1);
      } else {
        skipNextWord = true;
      }
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  flush(source.length);
  endCommand(source.length, undefined, source.length);
  return commands;
}

function skipRedirection(source: string, i: number): number {
  let j = i;
  while (j < source.length && (source[j] === '<' || source[j] === '>')) j++;
  if (source[j] === '&' || source[j] === '-' || source[j] === '|') j++;
  return j;
}

function readDoubleQuoted(source: string, from: number): [string, number] {
  let text = '';
  let i = from;
  while (i < source.length && source[i] !== '"') {
    const c = source[i]!;
    if (c === '\\' && /["\\$`\n]/.test(source[i + 1] ?? '')) {
      if (source[i + 1] !== '\n') text += source[i + 1];
      i += 2;
    } else if (c === '$' && source[i + 1] === '(') {
      const end = matchParen(source, i + 1);
      text += source.slice(i, end);
      i = end;
    } else {
      // A run of ordinary characters at once: one slice, not one string per character.
      let end = i + 1;
      while (end < source.length && source[end] !== '"' && source[end] !== '\\' && source[end] !== '$') end++;
      text += source.slice(i, end);
      i = end;
    }
  }
  return [text, i + 1];
}

/** Index just past the `)` matching the `(` at `open`, or the end of the text. */
function matchParen(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === "'") {
      const close = source.indexOf("'", i + 1);
      if (close < 0) return source.length;
      i = close;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return source.length;
}

/** A command given as an argument vector (exec-form RUN), shaped like a tokenized one. */
export function commandFromArgv(argv: string[]): ShellCommand | undefined {
  return build({ words: argv, start: 0 }, argv.join(' '));
}

function build(draft: Draft, rawText: string): ShellCommand | undefined {
  // Indexes, not shift(): a RUN of thousands of assignments must stay linear.
  let first = 0;
  while (first < draft.words.length && KEYWORDS.has(draft.words[first]!)) first++;
  let command = first;
  while (command < draft.words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(draft.words[command]!)) command++;
  // The draft's array itself when nothing precedes the command, and one shared empty array: a RUN
  // of half a million commands keeps every one of them, so each saved copy counts.
  const assignments = command === first ? NO_WORDS : draft.words.slice(first, command);
  const words = command === 0 ? draft.words : draft.words.slice(command);
  if (words.length === 0 && assignments.length === 0) return undefined;
  const effectiveArgv = unwrap(words);
  const built: ShellCommand = { argv: words, effectiveArgv, name: basename(effectiveArgv[0] ?? ''), assignments, text: rawText.trim() };
  if (draft.prev) built.prev = draft.prev;
  return built;
}

function unwrap(argv: string[]): string[] {
  let rest = argv;
  while (rest.length > 0 && WRAPPERS.has(basename(rest[0]!))) {
    const wrapper = basename(rest[0]!);
    const withValues = WRAPPER_OPTIONS_WITH_VALUES[wrapper] ?? new Set<string>();
    let i = 1;
    while (i < rest.length) {
      const word = rest[i]!;
      if (word === '--') {
        i++;
        break;
      }
      if (word.startsWith('-')) i += withValues.has(word) ? 2 : 1;
      else if (wrapper === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) i++;
      else break;
    }
    rest = rest.slice(i);
  }
  return rest;
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Shell names whose `-c` script or heredoc body is shell text we can inspect. */
export const POSIX_SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);
