import type { Heredoc, ParserDirective } from './model.js';

/**
 * One instruction's source, cut out of the file in a single left-to-right pass: Docker's own line
 * rules (escaped line breaks, comment and blank lines inside a continuation, heredoc bodies) with
 * every step linear in the text, so a hostile file costs time and memory in proportion to its size.
 */
export interface InstructionSource {
  /** The first word as written (not upper-cased). */
  keyword: string;
  /** Offset of the keyword. */
  start: number;
  /** Offset just past the instruction: the line break ending its last line (heredoc bodies included), or the end of the text. */
  end: number;
  /** The logical line: continuation lines joined without their escape characters, embedded comment lines dropped, keyword included. */
  header: string;
  heredocs: Heredoc[];
}

export interface SplitDockerfile {
  escape: string;
  directives: ParserDirective[];
  instructions: InstructionSource[];
}

/** BuildKit's parser-directive line: `# name=value` at the very top of the file. */
const DIRECTIVE = /^#[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t]*=(.*)$/;
const HEREDOC_MARKER = /<<(-?)(["']?)([A-Za-z0-9_][A-Za-z0-9_.-]*)\2/g;
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

export function splitDockerfile(text: string): SplitDockerfile {
  const lines = new LineReader(text);
  const directives: ParserDirective[] = [];
  let escape = '\\';
  if (text.charCodeAt(0) === 0xfeff) lines.skipTo(1);
  // Directives end at the first line that is not one: a blank line, a plain comment, an instruction.
  for (let line = lines.peek(); line; line = lines.peek()) {
    const match = DIRECTIVE.exec(line.text);
    if (!match) break;
    const name = match[1]!.toLowerCase();
    // Trimmed by hand: a lazy `(.*?)[ \t]*$` is quadratic on a long run of blanks.
    const value = match[2]!.trim();
    directives.push({ name, value, line: line.number });
    if (name === 'escape' && value === '`') escape = '`';
    lines.next();
  }

  const instructions: InstructionSource[] = [];
  for (let line = lines.next(); line; line = lines.next()) {
    if (isBlankOrComment(line.text)) continue;
    const start = line.start + (line.text.length - line.text.trimStart().length);
    instructions.push(readInstruction(lines, line, start, escape));
  }
  return { escape, directives, instructions };
}

function readInstruction(lines: LineReader, first: Line, start: number, escape: string): InstructionSource {
  const parts: string[] = [];
  let line: Line | undefined = first;
  let segment = first.text.slice(start - first.start);
  let end = first.end;
  while (line) {
    end = line.end;
    const cut = continuationCut(segment, escape);
    if (cut < 0) {
      parts.push(segment);
      break;
    }
    parts.push(segment.slice(0, cut));
    // Docker drops blank and comment lines inside a continuation; the instruction goes on after them.
    line = lines.next();
    while (line && isBlankOrComment(line.text)) {
      end = line.end;
      line = lines.next();
    }
    if (line) segment = line.text;
  }
  const header = parts.join('');
  const keyword = /^\S*/.exec(header)![0];
  const heredocs: Heredoc[] = [];
  if (HEREDOC_KEYWORDS.has(keyword.toUpperCase())) {
    for (const match of header.matchAll(HEREDOC_MARKER)) {
      const stripTabs = match[1] === '-';
      const name = match[3]!;
      const bodyLine = lines.lineNumber + 1;
      const body: string[] = [];
      let terminated = false;
      for (let next = lines.next(); next; next = lines.next()) {
        end = next.end;
        const candidate = stripTabs ? next.text.replace(/^\t+/, '') : next.text;
        if (candidate === name) {
          terminated = true;
          break;
        }
        body.push(candidate);
      }
      // An unterminated heredoc swallows the rest of the file, as Docker reads it.
      if (!terminated) end = lines.length;
      heredocs.push({ name, stripTabs, body: body.join('\n'), bodyLine, terminated });
    }
  }
  return { keyword, start, end, header, heredocs };
}

/** Index of the escape character that continues this line (it may be followed by blanks), or -1. */
function continuationCut(line: string, escape: string): number {
  let i = line.length - 1;
  while (i >= 0 && (line[i] === ' ' || line[i] === '\t')) i--;
  return i >= 0 && line[i] === escape ? i : -1;
}

/** Not a regular expression: `^\s*(#.*)?$` backtracks quadratically on a long run of blanks. */
function isBlankOrComment(line: string): boolean {
  const content = line.trimStart();
  return content === '' || content.startsWith('#');
}

interface Line {
  /** 1-based. */
  number: number;
  start: number;
  /** Without the line break and a `\r` before it. */
  text: string;
  /** Offset of the line break (of the `\r` in `\r\n`), or the end of the source. */
  end: number;
}

/** Lines one at a time, each found with indexOf from the previous one: never a whole-file split. */
class LineReader {
  /** Number of the last line returned by next(). */
  lineNumber = 0;
  private offset = 0;
  private peeked: Line | undefined;

  constructor(private readonly source: string) {}

  get length(): number {
    return this.source.length;
  }

  skipTo(offset: number): void {
    this.offset = offset;
  }

  peek(): Line | undefined {
    this.peeked ??= this.read();
    return this.peeked;
  }

  next(): Line | undefined {
    const line = this.peek();
    this.peeked = undefined;
    if (line) this.lineNumber = line.number;
    return line;
  }

  private read(): Line | undefined {
    if (this.offset >= this.source.length) return undefined;
    const start = this.offset;
    const newline = this.source.indexOf('\n', start);
    const breakAt = newline < 0 ? this.source.length : newline;
    const end = breakAt > start && this.source[breakAt - 1] === '\r' ? breakAt - 1 : breakAt;
    this.offset = newline < 0 ? this.source.length : newline + 1;
    return { number: this.lineNumber + 1, start, text: this.source.slice(start, end), end };
  }
}
