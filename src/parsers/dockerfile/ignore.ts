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
  const lines = text.split('\n');
  const { instructions, stages } = dockerfile;
  const directives: IgnoreDirective[] = [];
  lines.forEach((rawLine, i) => {
    const line = rawLine.replace(/\r$/, '');
    const lineNo = i + 1;
    const owner = instructions.find((ins) => ins.span.startLine <= lineNo && lineNo <= ins.span.endLine);
    const standalone = /^\s*#/.exec(line);
    let spec;
    if (standalone) spec = parseIgnoreComment(line.slice(line.indexOf('#') + 1));
    else if (owner) {
      const trailing = TRAILING.exec(line);
      spec = trailing ? parseIgnoreComment(trailing[1]!) : undefined;
    }
    if (!spec) return;
    if (owner) {
      directives.push({ ...spec, line: lineNo, fromLine: owner.span.startLine, toLine: owner.span.endLine });
      return;
    }
    const next = instructions.find((ins) => ins.span.startLine > lineNo);
    if (!next) {
      directives.push({ ...spec, line: lineNo, fromLine: lineNo, toLine: lineNo });
      return;
    }
    if (next.keyword === 'FROM') {
      const stage = stages.find((s) => s.from === next);
      const nothingBefore = instructions[0] === next;
      if (nothingBefore) {
        directives.push({ ...spec, line: lineNo, fromLine: 1, toLine: Math.max(lines.length, lastLine(instructions)) });
        return;
      }
      if (stage) {
        directives.push({ ...spec, line: lineNo, fromLine: next.span.startLine, toLine: lastLine([next, ...stage.instructions]) });
        return;
      }
    }
    directives.push({ ...spec, line: lineNo, fromLine: next.span.startLine, toLine: next.span.endLine });
  });
  return directives;
}

function lastLine(instructions: readonly Instruction[]): number {
  return instructions.reduce((max, ins) => Math.max(max, ins.span.endLine), 0);
}
