import type { ScanError } from '../../core/finding.js';
import { collectIgnoreDirectives } from './ignore.js';
import { parseImageRef, substituteVariables } from './image.js';
import type { Dockerfile, Heredoc, Instruction, InstructionFlag, SourceSpan, Stage } from './model.js';
import { basename, commandFromArgv, POSIX_SHELLS, tokenizeShell, type ShellCommand } from './shell.js';
import { splitDockerfile, type InstructionSource } from './split.js';

const KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);
/** Only these instructions take `--flag` options; elsewhere a leading `--` is an argument. */
const FLAG_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK']);
const JSON_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME']);

export function parseDockerfile(file: string, text: string): Dockerfile {
  const lineOffsets = computeLineOffsets(text);
  const errors: ScanError[] = [];
  const result: Dockerfile = { file, text, escape: '\\', directives: [], globalArgs: [], stages: [], instructions: [], errors, ignoreDirectives: [], lineOffsets };
  const split = splitDockerfile(text);
  result.escape = split.escape;
  result.directives = split.directives;

  const globalValues = new Map<string, string | undefined>();
  const occurrences = new Map<string, number>();
  // First stage of each name: `FROM name` and `COPY --from=name` refer to the earliest one.
  const stagesByAlias = new Map<string, Stage>();
  const shellIsPosix: boolean[] = [];
  let sawNonArg = false;
  const lines = new LineCursor(lineOffsets);
  for (const source of split.instructions) {
    const keyword = source.keyword.toUpperCase();
    const span = lines.span(source.start, source.end);
    const errorAt = (message: string, line = span.startLine): void => void errors.push({ file, line, message });
    if (!KEYWORDS.has(keyword)) {
      errorAt(`unknown instruction ${JSON.stringify(keyword.slice(0, 40))}`);
      continue;
    }
    const stage = result.stages[result.stages.length - 1];
    if (!stage && keyword !== 'FROM' && keyword !== 'ARG') {
      // Docker refuses the file; the instruction is still kept so rules about it (MAINTAINER, secrets) report too.
      errorAt(`${keyword} before the first FROM`);
      sawNonArg = true;
    }
    const stageIndex = keyword === 'FROM' ? result.stages.length : (stage?.index ?? -1);
    const posix = keyword === 'FROM' ? true : (shellIsPosix[stageIndex] ?? true);
    const instruction = buildInstruction(keyword, source, span, stageIndex, posix, errorAt);
    const normalized = identityText(instruction);
    const key = `${stageIndex}|${normalized}`;
    const n = occurrences.get(key) ?? 0;
    occurrences.set(key, n + 1);
    instruction.identity = `stage${stageIndex}|${normalized}|${n}`;
    if (instruction.args === '' && instruction.heredocs.length === 0) errorAt(`${keyword} has no arguments`);
    result.instructions.push(instruction);

    if (keyword === 'ARG' && !stage) {
      result.globalArgs.push(instruction);
      for (const word of instruction.words) {
        const equals = word.indexOf('=');
        globalValues.set(equals < 0 ? word : word.slice(0, equals), equals < 0 ? undefined : word.slice(equals + 1));
      }
    } else if (keyword === 'FROM') {
      result.stages.push(makeStage(instruction, result.stages, stagesByAlias, globalValues, errorAt));
      shellIsPosix[stageIndex] = true;
    } else if (stage) {
      stage.instructions.push(instruction);
      if (keyword === 'SHELL' && instruction.form === 'json') shellIsPosix[stageIndex] = POSIX_SHELLS.has(shellName(instruction.words[0] ?? ''));
    }
  }
  if (result.stages.length === 0 && !sawNonArg) {
    errors.push({ file, message: result.instructions.length === 0 ? 'empty Dockerfile: no FROM instruction' : 'no FROM instruction' });
  }
  result.ignoreDirectives = collectIgnoreDirectives(text, result);
  return result;
}

/** ENV/ARG identities keep only the names, so a secret value never reaches fingerprints or baselines. */
function identityText(instruction: Instruction): string {
  const parts = ['ENV', 'ARG'].includes(instruction.keyword)
    ? splitWords(instruction.args).map((w) => w.split('=')[0]!)
    : [instruction.args, ...instruction.heredocs.map((h) => h.body)];
  return [instruction.keyword, ...parts].join(' ').replace(/\s+/g, ' ').trim();
}

function makeStage(from: Instruction, earlier: Stage[], stagesByAlias: Map<string, Stage>, globalValues: ReadonlyMap<string, string | undefined>, errorAt: (message: string) => void): Stage {
  const [image = '', as, alias, ...extra] = from.words;
  if (!image) errorAt('FROM without an image');
  if ((as !== undefined && as.toLowerCase() !== 'as') || (as !== undefined && !alias) || extra.length > 0) {
    errorAt(`malformed FROM: expected "FROM image [AS name]", got "FROM ${from.args}"`);
  }
  const resolved = substituteVariables(image, globalValues);
  const stage: Stage = { index: earlier.length, from, image: parseImageRef(image, resolved), instructions: [] };
  if (as?.toLowerCase() === 'as' && alias) stage.alias = alias.toLowerCase();
  const platform = from.flags.find((f) => f.name === 'platform')?.value;
  if (platform !== undefined) stage.platform = platform;
  const base = resolved === undefined ? undefined : stagesByAlias.get(resolved.toLowerCase());
  if (base) stage.baseStage = base.index;
  if (stage.alias !== undefined && !stagesByAlias.has(stage.alias)) stagesByAlias.set(stage.alias, stage);
  return stage;
}

function buildInstruction(
  keyword: string,
  source: InstructionSource,
  span: SourceSpan,
  stageIndex: number,
  posixShell: boolean,
  errorAt: (message: string, line?: number) => void,
): Instruction {
  const args = source.header.slice(source.keyword.length).trim();
  const heredocs = source.heredocs;
  for (const heredoc of heredocs) {
    if (!heredoc.terminated) errorAt(`unterminated heredoc <<${heredoc.name}: no line "${heredoc.name}" closes it`, heredoc.bodyLine - 1);
  }
  const { flags, rest } = FLAG_KEYWORDS.has(keyword) ? splitFlags(args) : { flags: [], rest: args };
  let form: Instruction['form'] = 'shell';
  let words: string[];
  const json = JSON_KEYWORDS.has(keyword) ? parseJsonForm(rest) : undefined;
  if (json === 'malformed') {
    errorAt(`${keyword} looks like JSON (exec) form but is not a valid JSON array of double-quoted strings; Docker would run it as a shell command`);
  }
  if (Array.isArray(json)) {
    form = 'json';
    words = json;
  } else {
    words = splitWords(rest);
    if (keyword === 'SHELL') errorAt('SHELL requires the JSON form, e.g. SHELL ["/bin/bash", "-o", "pipefail", "-c"]');
  }
  const commands = keyword === 'RUN' ? runCommands(form, words, rest, heredocs, posixShell) : [];
  return { keyword, args, flags, words, form, heredocs, commands, span, stageIndex, identity: '' };
}

function splitFlags(args: string): { flags: InstructionFlag[]; rest: string } {
  const flags: InstructionFlag[] = [];
  let rest = args;
  for (let match = /^--([A-Za-z0-9-]+)(?:=("[^"]*"|\S*))?(?:\s+|$)/.exec(rest); match; match = /^--([A-Za-z0-9-]+)(?:=("[^"]*"|\S*))?(?:\s+|$)/.exec(rest)) {
    flags.push({ name: match[1]!.toLowerCase(), value: match[2]?.replace(/^"(.*)"$/, '$1') });
    rest = rest.slice(match[0].length);
  }
  return { flags, rest };
}

/**
 * The exec form is a JSON array of double-quoted strings. Text that only resembles one (single
 * quotes, a missing bracket) is run by Docker through the shell, which is almost never intended;
 * a shell test such as `[ -f x ]` or `[ "$A" = b ]` is not mistaken for it.
 */
function parseJsonForm(rest: string): string[] | 'malformed' | undefined {
  const trimmed = rest.trim();
  if (!trimmed.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  } catch {
    // Fall through to the intent check below.
  }
  return /^\[\s*(?:'|\]|"(?:[^"\\]|\\.)*"\s*(?:,|\]))/.test(trimmed) ? 'malformed' : undefined;
}

/**
 * Whitespace-separated words with quotes removed: how Docker reads COPY, EXPOSE, USER and friends.
 * A quote with no closing partner is an ordinary character. Scanned by hand: a regular expression
 * retries the search for a closing quote at every opening one, which is quadratic on `"\\"\\"\\...`.
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  // Once a search for a closing quote has failed from some point, it fails from every later one too.
  const unclosedFrom = { '"': Infinity, "'": Infinity };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const close = i < unclosedFrom[c] ? closingQuote(text, i) : -1;
      if (close < 0) unclosedFrom[c] = Math.min(unclosedFrom[c], i);
      word = (word ?? '') + (close < 0 ? c : text.slice(i + 1, close));
      i = close < 0 ? i + 1 : close + 1;
      continue;
    }
    let end = i + 1;
    while (end < text.length && !/[\s"']/.test(text[end]!)) end++;
    word = (word ?? '') + text.slice(i, end);
    i = end;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Index of the quote closing the one at `open` (a backslash escapes inside double quotes), or -1. */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === quote) return i;
    if (quote === '"' && text[i] === '\\') i++;
  }
  return -1;
}

function runCommands(form: Instruction['form'], words: string[], rest: string, heredocs: Heredoc[], posixShell: boolean): ShellCommand[] {
  if (form === 'json') {
    const script = shellScriptOf(words);
    if (script !== undefined) return tokenizeShell(script);
    const command = commandFromArgv(words);
    return command ? [command] : [];
  }
  if (!posixShell) return [];
  const commands = tokenizeShell(rest);
  // A heredoc is a script when nothing but a shell reads it (`RUN <<EOF`, `RUN bash <<EOF`); for
  // `RUN python3 <<EOF` or `RUN cat <<EOF > file` its body is data, not shell commands.
  const header = commands.filter((c) => c.argv.length > 0);
  const scriptRunner = header.length === 0 || (header.length === 1 && POSIX_SHELLS.has(header[0]!.name) && header[0]!.argv.slice(1).every((w) => w.startsWith('-')));
  if (!scriptRunner) return commands;
  for (const heredoc of heredocs) {
    const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(heredoc.body);
    const interpreter = shebang ? basename(shebang[1]!) === 'env' ? (shebang[2] ?? '') : basename(shebang[1]!) : 'sh';
    if (POSIX_SHELLS.has(interpreter)) commands.push(...tokenizeShell(heredoc.body));
  }
  return commands;
}

/** The script of an exec-form `["sh", "-c", "script"]` (also `-ec`, `-exc`...). */
function shellScriptOf(argv: string[]): string | undefined {
  if (!POSIX_SHELLS.has(shellName(argv[0] ?? ''))) return undefined;
  const flag = argv.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w));
  return flag > 0 ? argv[flag + 1] : undefined;
}

function shellName(path: string): string {
  return basename(path.replace(/\\/g, '/')).toLowerCase().replace(/\.exe$/, '');
}

function computeLineOffsets(text: string): number[] {
  const offsets = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') offsets.push(i + 1);
  return offsets;
}

/** Offsets to 1-based lines and columns; instructions come in order, so the cursor only moves forward. */
class LineCursor {
  private line = 0;

  constructor(private readonly lineOffsets: readonly number[]) {}

  span(startOffset: number, endOffset: number): SourceSpan {
    const start = this.locate(startOffset);
    const end = this.locate(endOffset);
    return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column, startOffset, endOffset };
  }

  private locate(offset: number): { line: number; column: number } {
    while (this.line + 1 < this.lineOffsets.length && this.lineOffsets[this.line + 1]! <= offset) this.line++;
    return { line: this.line + 1, column: offset - this.lineOffsets[this.line]! + 1 };
  }
}
