import { DockerfileParser, type Instruction as AstInstruction } from 'dockerfile-ast';
import type { ScanError } from '../../core/finding.js';
import { collectIgnoreDirectives } from './ignore.js';
import { parseImageRef, substituteVariables } from './image.js';
import type { Dockerfile, Heredoc, Instruction, InstructionFlag, ParserDirective, SourceSpan, Stage } from './model.js';
import { basename, commandFromArgv, POSIX_SHELLS, tokenizeShell, type ShellCommand } from './shell.js';

const KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);
/** Only these instructions take `--flag` options; elsewhere a leading `--` is an argument. */
const FLAG_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK']);
const JSON_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME']);
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const HEREDOC_MARKER = /<<(-?)(["']?)([A-Za-z0-9_][A-Za-z0-9_.-]*)\2/g;

export function parseDockerfile(file: string, text: string): Dockerfile {
  const lineOffsets = computeLineOffsets(text);
  const errors: ScanError[] = [];
  const result: Dockerfile = { file, text, escape: '\\', directives: [], globalArgs: [], stages: [], instructions: [], errors, ignoreDirectives: [], lineOffsets };
  let ast: ReturnType<typeof DockerfileParser.parse>;
  try {
    ast = DockerfileParser.parse(text);
  } catch (error) {
    errors.push({ file, message: `Dockerfile parser failed: ${error instanceof Error ? error.message : String(error)}` });
    return result;
  }
  result.escape = ast.getEscapeCharacter();
  result.directives = ast.getDirectives().map((d): ParserDirective => ({ name: d.getName().toLowerCase(), value: d.getValue(), line: d.getRange().start.line + 1 }));

  const globalValues = new Map<string, string | undefined>();
  const occurrences = new Map<string, number>();
  const shellIsPosix: boolean[] = [];
  let sawNonArg = false;
  for (const node of ast.getInstructions()) {
    const keyword = node.getKeyword().toUpperCase();
    const span = spanOf(node, lineOffsets);
    const errorAt = (message: string, line = span.startLine): void => void errors.push({ file, line, message });
    if (!KEYWORDS.has(keyword)) {
      errorAt(`unknown instruction ${JSON.stringify(keyword.slice(0, 40))}`);
      continue;
    }
    const stage = result.stages[result.stages.length - 1];
    if (!stage && keyword !== 'FROM' && keyword !== 'ARG') {
      errorAt(`${keyword} before the first FROM`);
      sawNonArg = true;
      continue;
    }
    const stageIndex = keyword === 'FROM' ? result.stages.length : (stage?.index ?? -1);
    const posix = keyword === 'FROM' ? true : (shellIsPosix[stageIndex] ?? true);
    const instruction = buildInstruction(keyword, text.slice(span.startOffset, span.endOffset), span, stageIndex, result.escape, posix, errorAt);
    const normalized = identityText(instruction);
    const key = `${stageIndex}|${normalized}`;
    const n = occurrences.get(key) ?? 0;
    occurrences.set(key, n + 1);
    instruction.identity = `stage${stageIndex}|${normalized}|${n}`;
    if (instruction.args === '' && instruction.heredocs.length === 0) errorAt(`${keyword} has no arguments`);
    result.instructions.push(instruction);

    if (keyword === 'ARG' && !stage) {
      result.globalArgs.push(instruction);
      for (const property of (node as unknown as { getProperties(): Array<{ getName(): string; getValue(): string | null }> }).getProperties()) {
        globalValues.set(property.getName(), property.getValue() ?? undefined);
      }
    } else if (keyword === 'FROM') {
      result.stages.push(makeStage(instruction, result.stages, globalValues, errorAt));
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

function makeStage(from: Instruction, earlier: Stage[], globalValues: ReadonlyMap<string, string | undefined>, errorAt: (message: string) => void): Stage {
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
  const base = resolved === undefined ? undefined : earlier.find((s) => s.alias !== undefined && s.alias === resolved.toLowerCase());
  if (base) stage.baseStage = base.index;
  return stage;
}

function buildInstruction(
  keyword: string,
  raw: string,
  span: SourceSpan,
  stageIndex: number,
  escape: string,
  posixShell: boolean,
  errorAt: (message: string, line?: number) => void,
): Instruction {
  const { header, bodyStart } = joinContinuations(raw.split('\n'), escape);
  const args = header.replace(/^\s*\S+/, '').trim();
  const heredocs = HEREDOC_KEYWORDS.has(keyword) ? readHeredocs(args, raw.split('\n'), bodyStart, span.startLine, errorAt) : [];
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

/**
 * Joins escaped line breaks into one logical line, dropping comment and blank lines inside the
 * continuation as Docker does. Returns the logical header and the index of the first line after it.
 */
function joinContinuations(lines: string[], escape: string): { header: string; bodyStart: number } {
  const continuation = new RegExp(`${escapeRegExp(escape)}[ \\t]*$`);
  let header = '';
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!.replace(/\r$/, '');
    i++;
    if (!continuation.test(line)) {
      header += line;
      break;
    }
    header += line.replace(continuation, '');
    while (i < lines.length && /^\s*(#.*)?\r?$/.test(lines[i]!)) i++;
  }
  return { header, bodyStart: i };
}

function readHeredocs(args: string, lines: string[], bodyStart: number, startLine: number, errorAt: (message: string, line?: number) => void): Heredoc[] {
  const heredocs: Heredoc[] = [];
  let cursor = bodyStart;
  for (const match of args.matchAll(HEREDOC_MARKER)) {
    const stripTabs = match[1] === '-';
    const name = match[3]!;
    const bodyLine = startLine + cursor;
    const body: string[] = [];
    let terminated = false;
    while (cursor < lines.length) {
      let line = lines[cursor++]!.replace(/\r$/, '');
      if (stripTabs) line = line.replace(/^\t+/, '');
      if (line === name) {
        terminated = true;
        break;
      }
      body.push(line);
    }
    if (!terminated) errorAt(`unterminated heredoc <<${name}: no line "${name}" closes it`, bodyLine - 1);
    heredocs.push({ name, stripTabs, body: body.join('\n'), bodyLine, terminated });
  }
  return heredocs;
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

/** Whitespace-separated words with quotes removed: how Docker reads COPY, EXPOSE, USER and friends. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  for (const match of text.matchAll(/(?:"(?:[^"\\]|\\.)*"|'[^']*'|\S)+/g)) {
    words.push(match[0].replace(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g, (_m, d: string | undefined, s: string | undefined) => d ?? s ?? ''));
  }
  return words;
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

function spanOf(node: AstInstruction, lineOffsets: number[]): SourceSpan {
  const { start, end } = node.getRange();
  const offset = (line: number, character: number): number => (lineOffsets[line] ?? lineOffsets[lineOffsets.length - 1]!) + character;
  return {
    startLine: start.line + 1,
    startColumn: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    startOffset: offset(start.line, start.character),
    endOffset: offset(end.line, end.character),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
