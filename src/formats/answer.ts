import type { ScanError } from '../core/finding.js';

/** A warning about the input of an analysis; `file` and `line` when one object is to blame. */
export interface InputProblem {
  file?: string;
  line?: number;
  message: string;
}

/** What an analysis reports beside its answer. JSON carries it; text formats leave it to the command's warnings. */
export interface AnswerContext {
  problems: readonly InputProblem[];
  errors: readonly ScanError[];
  /** Tables only: the terminal's width to fit columns to; absent for files, pipes and `--wide` (every cell whole). */
  width?: number;
}

/** Formats the answer of an analysis (`rampart rbac`, `rampart netpol`), as `Formatter` formats a scan report. */
export interface AnswerFormatter<N extends string, A> {
  name: N;
  format(answer: A, context: AnswerContext): string;
}

/** JSON answers are objects, so the input problems and errors join them. */
export function jsonAnswer(body: object, context: AnswerContext): string {
  return `${JSON.stringify({ ...body, problems: context.problems, errors: context.errors }, null, 2)}\n`;
}
