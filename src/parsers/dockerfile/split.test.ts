import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './parse.js';
import { splitDockerfile } from './split.js';

/** Dockerfiles exercising every line rule of the format; each is split the way the Dockerfile language server's parser splits it. */
const CORPUS: Record<string, string> = {
  'multi-stage': 'ARG BASE=debian:12\nFROM ${BASE} AS build\nWORKDIR /src\nRUN make\n\nFROM scratch\nCOPY --from=build /src/app /app\nENTRYPOINT ["/app"]\n',
  'continuations with comments and blank lines': 'FROM alpine:3.19\nRUN apk add --no-cache a \\\n# a comment inside\n    b \\\n\n    c\n# after\nUSER 1000\n',
  'blanks after the escape': 'FROM alpine:3.19\nRUN echo a \\   \n  && echo b\t\\\t\n  && echo c\nCMD ["sh"]',
  'backtick escape': '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir c:\\ `\n    && echo ok\nWORKDIR C:\\app\n',
  directives: '# syntax=docker/dockerfile:1\n# check=skip=all\n# a comment\nFROM a:1\n',
  heredocs: 'FROM debian:12\nRUN <<-A <<B\n\techo one\n\tA\necho two\nB\nCOPY <<EOF /etc/x.conf\nk=v\nEOF\nRUN python3 <<"PY"\nprint(1)\nPY\nUSER 1\n',
  'unterminated heredoc': 'FROM debian:12\nRUN <<EOF\necho hi\n',
  crlf: 'FROM a:1\r\nRUN echo a \\\r\n  b\r\n\r\nUSER 1\r\n',
  indentation: '  FROM a:1\n\t RUN echo hi\n    # comment\n  CMD ["x"]\n',
  'byte order mark': '\ufeffFROM a:1\nRUN true\n',
  'no trailing newline': 'FROM a:1\nRUN echo a \\\n  b',
};

describe('splitDockerfile', () => {
  it.each(Object.entries(CORPUS))('cuts %s into the same instructions as dockerfile-ast', (_name, text) => {
    const ours = parseDockerfile('Dockerfile', text);
    const reference = DockerfileParser.parse(text);
    const theirs = reference.getInstructions().map((i) => {
      const { start, end } = i.getRange();
      return { keyword: i.getKeyword().toUpperCase(), start: [start.line + 1, start.character + 1], end: [end.line + 1, end.character + 1] };
    });
    expect(ours.instructions.map((i) => ({ keyword: i.keyword, start: [i.span.startLine, i.span.startColumn], end: [i.span.endLine, i.span.endColumn] }))).toEqual(theirs);
    expect(ours.escape).toBe(reference.getEscapeCharacter());
    expect(ours.directives.map((d) => [d.name, d.value])).toEqual(reference.getDirectives().map((d) => [d.getName().toLowerCase(), d.getValue()]));
  });

  it('joins continuation lines without their escapes and skips comment lines inside them', () => {
    const [, run] = splitDockerfile('FROM a:1\nRUN a \\\n  # note\n\n  b \\  \n  c\n').instructions;
    expect(run).toMatchObject({ keyword: 'RUN', header: 'RUN a   b   c' });
  });

  it('stops reading directives at the first line that is not one', () => {
    expect(splitDockerfile('# unknown comment\n# escape=`\nFROM a:1\n').escape).toBe('\\');
    expect(splitDockerfile('\n# escape=`\nFROM a:1\n').directives).toEqual([]);
  });
});
