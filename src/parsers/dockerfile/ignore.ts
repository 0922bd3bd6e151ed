import { parseIgnoreComment, type IgnoreDirective } from '../../core/ignore-directive.js';
import type { Dockerfile, Instruction } from './model.js';

const TRAILING = /\s#\s*(rampart:ignore\s.*)$/;

/**
 * `# rampart:ignore RULE[,RULE] reason` scopes, in order of precedence:
 * - inside an instruction (a continuation comment, or trailing text on one of its lines): that instruction;
 * - on its own line above the first FROM with no instruction before it: the whole file;
 * - on its own line above any other FROM: that whole stage, so "missing X" findings can be suppressed;
 * - on its own line elsewhere: the next instruction.
 * Blank and comment lines may sit between the comment and its target.
 */
export function collectIgnoreDirectives(text: string, dockerfile: Pick<Dockerfile, 'instructions' | 'stages'>): IgnoreDirective[] {
  const { instructions, stages } = dockerfile;
  const directives: IgnoreDirective[] = [];
  const lineCount = countLines(text);
  const fileEnd = Math.max(lineCount, lastLine(instructions));
  const stageEnds = new Map(stages.map((stage) => [stage.from, lastLine([stage.from, ...stage.instructions])]));
  // Instructions are in source order and never share a line, so one forward cursor finds, for
  // every line, the instruction holding it or the next one below it.
  let cursor = 0;
  let lineNo = 0;
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const stop = newline < 0 ? text.length : newline;
    lineNo++;
    const line = text.slice(start, stop).replace(/\r$/, '');
    start = stop + 1;
    if (!line.includes('rampart:ignore')) continue;
    while (cursor < instructions.length && instructions[cursor]!.span.endLine < lineNo) cursor++;
    const candidate = instructions[cursor];
    const owner = candidate && candidate.span.startLine <= lineNo ? candidate : undefined;
    const standalone = /^\s*#/.test(line);
    let spec;
    if (standalone) spec = parseIgnoreComment(line.slice(line.indexOf('#') + 1));
    else if (owner) {
      const trailing = TRAILING.exec(line);
      spec = trailing ? parseIgnoreComment(trailing[1]!) : undefined;
    }
    if (!spec) continue;
    if (owner) {
      directives.push({ ...spec, line: lineNo, fromLine: owner.span.startLine, toLine: owner.span.endLine });
      continue;
    }
    const next = candidate;
    if (!next) {
      directives.push({ ...spec, line: lineNo, fromLine: lineNo, toLine: lineNo });
      continue;
    }
    const stageEnd = stageEnds.get(next);
    if (next === instructions[0] && next.keyword === 'FROM') {
      directives.push({ ...spec, line: lineNo, fromLine: 1, toLine: fileEnd });
    } else if (stageEnd !== undefined) {
      directives.push({ ...spec, line: lineNo, fromLine: next.span.startLine, toLine: stageEnd });
    } else {
      directives.push({ ...spec, line: lineNo, fromLine: next.span.startLine, toLine: next.span.endLine });
    }
  }
  return directives;
}

function countLines(text: string): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function lastLine(instructions: readonly Instruction[]): number {
  return instructions.reduce((max, ins) => Math.max(max, ins.span.endLine), 0);
}
