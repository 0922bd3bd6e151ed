import type { ScanError } from '../../core/finding.js';
import type { IgnoreDirective } from '../../core/ignore-directive.js';
import type { ShellCommand } from './shell.js';

/** 1-based lines and columns (end column exclusive), plus 0-based UTF-16 offsets into the text. */
export interface SourceSpan {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  startOffset: number;
  endOffset: number;
}

export interface InstructionFlag {
  /** Without the leading dashes: `platform`, `from`, `mount`. */
  name: string;
  value: string | undefined;
}

export interface Heredoc {
  name: string;
  /** `<<-NAME`: leading tabs are stripped from the body and the delimiter. */
  stripTabs: boolean;
  body: string;
  /** Line of the first body line. */
  bodyLine: number;
  terminated: boolean;
}

export interface Instruction {
  /** Upper-case keyword as written (`RUN`, `FROM`, or an unknown word). */
  keyword: string;
  /** Text after the keyword with continuations joined and embedded comment lines removed; flags included, heredoc bodies excluded. */
  args: string;
  flags: InstructionFlag[];
  /** Arguments after the flags: unquoted shell words in shell form, the strings in JSON form. */
  words: string[];
  form: 'shell' | 'json';
  heredocs: Heredoc[];
  /** RUN only: commands of the shell text, heredoc scripts included; empty for non-shell JSON form. */
  commands: ShellCommand[];
  span: SourceSpan;
  /** Index of the stage the instruction belongs to; -1 before the first FROM (global ARGs, and instructions Docker rejects there). */
  stageIndex: number;
  /** Stable across line shifts: stage, whitespace-normalized text and an occurrence counter. */
  identity: string;
}

export interface ImageRef {
  /** As written in FROM. */
  raw: string;
  /** After `${VAR}` substitution from global ARG defaults; undefined when a variable has no default. */
  resolved: string | undefined;
  registry?: string;
  /** Path without registry, tag or digest, as written (`nginx`, `library/nginx`, `team/app`). */
  repository?: string;
  tag?: string;
  digest?: string;
}

export interface Stage {
  index: number;
  from: Instruction;
  image: ImageRef;
  /** `AS name`, lower-cased as Docker compares stage names. */
  alias?: string;
  /** `--platform` value as written. */
  platform?: string;
  /** The earlier stage this one builds on (`FROM builder`). */
  baseStage?: number;
  /** Instructions after FROM, in order. */
  instructions: Instruction[];
}

export interface ParserDirective {
  name: string;
  value: string;
  line: number;
}

export interface Dockerfile {
  file: string;
  text: string;
  escape: string;
  directives: ParserDirective[];
  globalArgs: Instruction[];
  stages: Stage[];
  /** Every instruction in source order, global ARGs included. */
  instructions: Instruction[];
  errors: ScanError[];
  ignoreDirectives: IgnoreDirective[];
  /** Offset of the start of each line, index 0 for line 1. */
  lineOffsets: number[];
}
