import type { ImageHistoryEntry } from '../../../sources/image/types.js';
import type { Instruction, InstructionFlag } from '../../../parsers/dockerfile/model.js';
import { splitWords } from '../../../parsers/dockerfile/parse.js';
import { basename, POSIX_SHELLS, tokenizeShell } from '../../../parsers/dockerfile/shell.js';

/** Docker caps an image at 127 layers; history beyond this many entries is not a real build. */
const MAX_STEPS = 4096;
/** Longer `created_by` text is cut: rules look at commands, not at embedded scripts of megabytes. */
const MAX_CREATED_BY = 64 * 1024;

/** Keywords BuildKit writes as-is (`USER nginx`, `RUN /bin/sh -c ... # buildkit`). */
const KEYWORDS = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);
/** The classic builder's marker for steps that ran no command: `/bin/sh -c #(nop)  USER nginx`. */
const CLASSIC_NOP = /^\/bin\/sh -c #\(nop\)\s+/;
const BUILDKIT_MARK = '# buildkit';
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

export interface BuildArgument {
  name: string;
  /** Undefined for a bare `ARG NAME` declaration. */
  value: string | undefined;
}

export interface HistoryStep {
  /** Position in the config's `history` array, empty layers included. */
  index: number;
  /**
   * The step as a Dockerfile instruction, so Dockerfile rule helpers apply to it: RUN holds its shell
   * script (build-argument prefix and `/bin/sh -c` removed) and its commands; keyword is '' when
   * `created_by` is not a Dockerfile instruction (base layers of other tools, comments). ARG values
   * are left out of `args` so that quoting the step can never leak them.
   */
  instruction: Instruction;
  /** Build arguments recorded by the step: the `|N NAME=value` prefix of RUN, or an `ARG NAME=default`. */
  buildArgs: BuildArgument[];
}

/** Parses every history entry; malformed entries become steps with an empty keyword rather than errors. */
export function parseHistory(history: readonly ImageHistoryEntry[] | undefined): HistoryStep[] {
  if (!Array.isArray(history)) return [];
  const occurrences = new Map<string, number>();
  return history.slice(0, MAX_STEPS).map((entry, index) => {
    const createdBy = typeof entry?.created_by === 'string' ? entry.created_by.slice(0, MAX_CREATED_BY) : '';
    const { keyword, args, buildArgs } = parseCreatedBy(createdBy);
    const text = `${keyword} ${args}`.replace(/\s+/g, ' ').trim();
    const occurrence = occurrences.get(text) ?? 0;
    occurrences.set(text, occurrence + 1);
    return { index, buildArgs, instruction: instructionOf(keyword, args, index, `history|${text}|${occurrence}`) };
  });
}

/** `created_by` of the classic builder (`/bin/sh -c #(nop)  ENV A=b`, `|1 A=b /bin/sh -c make`) or BuildKit (`ENV A=b`, `RUN |1 A=b /bin/sh -c make # buildkit`). */
export function parseCreatedBy(createdBy: string): { keyword: string; args: string; buildArgs: BuildArgument[] } {
  const trimmed = createdBy.trim();
  // endsWith, not a regex: `\s*#` unanchored backtracks quadratically on long runs of spaces.
  const text = (trimmed.endsWith(BUILDKIT_MARK) ? trimmed.slice(0, -BUILDKIT_MARK.length) : trimmed).trim();
  const nop = CLASSIC_NOP.exec(text);
  if (nop) return instructionText(text.slice(nop[0].length), true);
  const keyword = /^([A-Z]+)(?:\s+|$)/.exec(text);
  if (keyword && KEYWORDS.has(keyword[1]!)) return instructionText(text, false);
  // The classic builder records a RUN as its command line, with build arguments first.
  const { buildArgs, rest } = buildArgumentPrefix(text);
  const script = shellScript(rest);
  return script === undefined ? { keyword: '', args: rest, buildArgs } : { keyword: 'RUN', args: script, buildArgs };
}

function instructionText(text: string, classic: boolean): { keyword: string; args: string; buildArgs: BuildArgument[] } {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text.trim());
  const keyword = (match?.[1] ?? '').toUpperCase();
  let args = match?.[2] ?? '';
  if (keyword === 'RUN') {
    const { buildArgs, rest } = buildArgumentPrefix(args);
    return { keyword, args: shellScript(rest) ?? rest, buildArgs };
  }
  if (keyword === 'ARG') {
    const buildArgs = splitWords(args).map((word): BuildArgument => {
      const eq = word.indexOf('=');
      return eq < 0 ? { name: word, value: undefined } : { name: word.slice(0, eq), value: word.slice(eq + 1) };
    });
    return { keyword, args: buildArgs.map((a) => (a.value === undefined ? a.name : `${a.name}=…`)).join(' '), buildArgs };
  }
  if (classic && (keyword === 'ADD' || keyword === 'COPY')) args = withoutClassicIn(args);
  return { keyword, args: args.trim(), buildArgs: [] };
}

/** The classic builder writes `ADD <source> in <destination>`; Dockerfile helpers expect `ADD <source> <destination>`. */
function withoutClassicIn(args: string): string {
  const words = args.trim().split(/\s+/);
  return words.length >= 3 && words[words.length - 2] === 'in' ? [...words.slice(0, -2), words[words.length - 1]].join(' ') : args;
}

/**
 * `|2 A=1 B=2 rest`: the build arguments a RUN saw. They are recorded unquoted, so a value with spaces
 * runs until the next `NAME=` word or, for the last one, until the shell that starts the command.
 */
function buildArgumentPrefix(text: string): { buildArgs: BuildArgument[]; rest: string } {
  const count = /^\|(\d+)\s+/.exec(text);
  if (!count) return { buildArgs: [], rest: text };
  const body = text.slice(count[0].length);
  const words = [...body.matchAll(/\S+/g)];
  const wanted = Number(count[1]);
  const buildArgs: BuildArgument[] = [];
  let at = 0;
  while (buildArgs.length < wanted && at < words.length) {
    const assignment = ASSIGNMENT.exec(words[at]![0]);
    if (!assignment) break;
    const last = buildArgs.length === wanted - 1;
    const boundary = (i: number): boolean => (last ? startsShell(words, i) : ASSIGNMENT.test(words[i]![0]));
    let next = at + 1;
    while (next < words.length && !boundary(next)) next++;
    if (next === words.length && words.length > at + 1) next = at + 1;
    const end = words[next - 1]!;
    buildArgs.push({ name: assignment[1]!, value: body.slice(words[at]!.index + assignment[0].length, end.index + end[0].length) });
    at = next;
  }
  return { buildArgs, rest: at < words.length ? body.slice(words[at]!.index) : '' };
}

function startsShell(words: RegExpMatchArray[], i: number): boolean {
  return POSIX_SHELLS.has(basename(words[i]![0])) && (words[i + 1]?.[0].startsWith('-') ?? false);
}

/** The script of `/bin/sh -c script` (or `bash -o pipefail -c`, `sh -ec`); undefined when the command line is not a POSIX shell's. */
function shellScript(commandLine: string): string | undefined {
  const words = [...commandLine.matchAll(/\S+/g)];
  if (words.length === 0 || !POSIX_SHELLS.has(basename(words[0]![0]))) return undefined;
  for (let i = 1; i < words.length; i++) {
    const word = words[i]![0];
    if (/^-[A-Za-z]*c[A-Za-z]*$/.test(word)) return commandLine.slice(words[i]!.index + word.length).replace(/^\s/, '');
    if (word === '-o' || word === '+o') i++;
    else if (!/^[-+]/.test(word)) return undefined;
  }
  return undefined;
}

function instructionOf(keyword: string, args: string, index: number, identity: string): Instruction {
  const run = keyword === 'RUN';
  const { flags, rest } = run ? { flags: [], rest: args } : leadingFlags(args);
  const line = index + 1;
  return {
    keyword,
    args,
    flags,
    words: splitWords(rest),
    form: 'shell',
    heredocs: [],
    commands: run ? tokenizeShell(args) : [],
    span: { startLine: line, startColumn: 1, endLine: line, endColumn: 1, startOffset: 0, endOffset: 0 },
    stageIndex: 0,
    identity,
  };
}

/** `--checksum=sha256:... --chown=1:1 src dst` into flags and the rest. */
function leadingFlags(args: string): { flags: InstructionFlag[]; rest: string } {
  const flags: InstructionFlag[] = [];
  let rest = args;
  for (let flag = /^--([A-Za-z-]+)(?:=(\S*))?\s*/.exec(rest); flag; flag = /^--([A-Za-z-]+)(?:=(\S*))?\s*/.exec(rest)) {
    flags.push({ name: flag[1]!, value: flag[2] });
    rest = rest.slice(flag[0].length);
  }
  return { flags, rest };
}
