import { describe, expect, it } from 'vitest';
import { dedent } from '../../testing/dockerfile.js';
import { parseDockerfile } from './parse.js';

const parse = (text: string) => parseDockerfile('Dockerfile', dedent(text));

describe('parseDockerfile', () => {
  it('reads directives, global ARGs, stages with resolved images, aliases and platforms', () => {
    const df = parse(`
      # syntax=docker/dockerfile:1.7
      ARG VERSION=3.19
      ARG REGISTRY
      FROM --platform=$BUILDPLATFORM alpine:\${VERSION} AS Build
      RUN echo hi
      FROM \${REGISTRY}/app:1
      FROM build
    `);
    expect(df.errors).toEqual([]);
    expect(df.directives).toEqual([{ name: 'syntax', value: 'docker/dockerfile:1.7', line: 1 }]);
    expect(df.globalArgs).toHaveLength(2);
    const [build, external, derived] = df.stages;
    expect(build).toMatchObject({ index: 0, alias: 'build', platform: '$BUILDPLATFORM', image: { raw: 'alpine:${VERSION}', resolved: 'alpine:3.19', tag: '3.19' } });
    expect(build!.instructions.map((i) => i.keyword)).toEqual(['RUN']);
    expect(external!.image.resolved).toBeUndefined();
    expect(derived!.baseStage).toBe(0);
  });

  it('gives exact 1-based spans and joins continuation lines, dropping embedded comments', () => {
    const df = parse(`
      FROM alpine:3.19
      RUN apk add --no-cache a \\
      # a comment inside
        && echo done
    `);
    const run = df.stages[0]!.instructions[0]!;
    expect(run.span).toMatchObject({ startLine: 2, startColumn: 1, endLine: 4, endColumn: 15 });
    expect(run.args).toBe('apk add --no-cache a   && echo done');
    expect(run.commands.map((c) => c.name)).toEqual(['apk', 'echo']);
    expect(df.text.slice(run.span.startOffset, run.span.endOffset)).toMatch(/^RUN apk[\s\S]*done$/);
  });

  it('honours the backtick escape directive', () => {
    const df = parse(`
      # escape=\`
      FROM mcr.microsoft.com/windows/servercore:ltsc2022
      RUN dir c:\\ \`
        && echo ok
    `);
    expect(df.escape).toBe('`');
    const run = df.stages[0]!.instructions[0]!;
    expect(run.span.endLine).toBe(4);
    expect(run.commands.map((c) => c.name)).toEqual(['dir', 'echo']);
  });

  it('parses heredocs: several per instruction, <<- tab stripping, scripts vs data', () => {
    const df = parse(`
      FROM debian:12
      RUN <<-A <<B
      \techo one
      \tA
      echo two
      B
      RUN <<EOF
      apt-get update
      apt-get install -y curl
      EOF
      RUN python3 <<EOF
      import os
      EOF
      COPY <<EOF /etc/app.conf
      key=value
      EOF
    `);
    expect(df.errors).toEqual([]);
    const [multi, script, python, copy] = df.stages[0]!.instructions;
    expect(multi!.heredocs.map((h) => [h.name, h.stripTabs, h.body])).toEqual([['A', true, 'echo one'], ['B', false, 'echo two']]);
    expect(script!.commands.map((c) => c.argv.join(' '))).toEqual(['apt-get update', 'apt-get install -y curl']);
    expect(python!.commands.map((c) => c.name)).toEqual(['python3']);
    expect(copy!.heredocs[0]!.body).toBe('key=value');
    expect(copy!.words).toEqual(['<<EOF', '/etc/app.conf']);
  });

  it('distinguishes JSON and shell forms, including exec-form shells', () => {
    const df = parse(`
      FROM alpine:3.19
      RUN ["/bin/sh", "-c", "curl x | sh"]
      RUN [ -f /x ] && echo yes
      CMD ["node", "app.js"]
      ENTRYPOINT node app.js
    `);
    const [execShell, test, cmd, entry] = df.stages[0]!.instructions;
    expect(execShell!.form).toBe('json');
    expect(execShell!.commands.map((c) => c.name)).toEqual(['curl', 'sh']);
    expect(test!.form).toBe('shell');
    expect(cmd).toMatchObject({ form: 'json', words: ['node', 'app.js'] });
    expect(entry!.form).toBe('shell');
    expect(df.errors).toEqual([]);
  });

  it('reports syntax errors and keeps checking the rest', () => {
    const df = parse(`
      FROM alpine:3.19
      FROBNICATE now
      CMD ['single', 'quotes']
      CMD ["unterminated", "json"
      SHELL /bin/bash -c
      USER app
    `);
    expect(df.errors.map((e) => [e.line, e.message.split(' ').slice(0, 2).join(' ')])).toEqual([
      [2, 'unknown instruction'],
      [3, 'CMD looks'],
      [4, 'CMD looks'],
      [5, 'SHELL requires'],
    ]);
    expect(df.stages[0]!.instructions.map((i) => i.keyword)).toEqual(['CMD', 'CMD', 'SHELL', 'USER']);
  });

  it('reports an unterminated heredoc and a missing FROM', () => {
    expect(parse('FROM a:1\nRUN <<EOF\necho hi\n').errors.map((e) => e.message)).toEqual([expect.stringContaining('unterminated heredoc <<EOF')]);
    expect(parse('RUN echo hi\n').errors.map((e) => e.message)).toEqual(['RUN before the first FROM']);
    expect(parse('ARG A=1\n').errors.map((e) => e.message)).toEqual(['no FROM instruction']);
  });

  it('never throws on empty, comment-only or binary input', () => {
    for (const text of ['', '# only\n# comments\n', '\u0000\u0001\u00ff\ufffd junk\n\n\u0007', 'FROM\n', 'FROM a AS\n', '\r\n\r\n', 'FROM a:1\r\nRUN echo a \\\r\n  b\r\n']) {
      expect(() => parseDockerfile('Dockerfile', text)).not.toThrow();
    }
    expect(parseDockerfile('Dockerfile', '').errors[0]!.message).toMatch(/empty Dockerfile/);
    expect(parseDockerfile('Dockerfile', 'FROM a:1\r\nRUN echo a \\\r\n  b\r\n').stages[0]!.instructions[0]!.commands[0]!.argv).toEqual(['echo', 'a', 'b']);
  });

  it('gives instructions identities that survive line shifts and hide ENV values', () => {
    const a = parse('FROM a:1\nRUN make\nRUN make\nENV TOKEN=s3cret\n');
    const b = parse('# moved\n\nFROM a:1\nRUN make\nRUN make\nENV TOKEN=s3cret\n');
    expect(a.instructions.map((i) => i.identity)).toEqual(b.instructions.map((i) => i.identity));
    expect(new Set(a.instructions.map((i) => i.identity)).size).toBe(4);
    expect(a.instructions[3]!.identity).not.toContain('s3cret');
  });

  // Sizes from the performance issue; bench/dockerfile.js measures their time, this checks the result.
  it('parses 100,000 lines with ignore comments throughout', () => {
    const lines = ['FROM debian:12'];
    for (let i = 1; i < 100_000; i++) lines.push(i % 10 === 0 ? `# rampart:ignore docker/apt-pin line ${i}` : `RUN echo ${i}`);
    const df = parseDockerfile('Dockerfile', `${lines.join('\n')}\n`);
    expect(df.errors).toEqual([]);
    expect(df.instructions).toHaveLength(90_001);
    expect(df.instructions.at(-1)!.span).toMatchObject({ startLine: 100_000, endLine: 100_000 });
    expect(df.ignoreDirectives).toHaveLength(9_999);
    expect(df.ignoreDirectives.at(-1)).toMatchObject({ line: 99_991, fromLine: 99_992, toLine: 99_992 });
  });

  it('parses a 5 MB single-line RUN and a 5 MB RUN of continuation lines', () => {
    const oneLine = parseDockerfile('Dockerfile', `FROM debian:12\nRUN ${'echo a && '.repeat(500_000)}true\n`);
    expect(oneLine.errors).toEqual([]);
    const run = oneLine.stages[0]!.instructions[0]!;
    expect(run.commands).toHaveLength(500_001);
    expect(run.span).toMatchObject({ startLine: 2, endLine: 2, endColumn: 5_000_009 });
    const continued = parseDockerfile('Dockerfile', `FROM debian:12\nRUN ${'echo a && \\\n    '.repeat(300_000)}true\n`);
    expect(continued.stages[0]!.instructions[0]!.commands).toHaveLength(300_001);
    expect(continued.stages[0]!.instructions[0]!.span.endLine).toBe(300_002);
  });

  it('parses a single 5 MB word and 50,000 stages each built on the previous one', () => {
    const word = parseDockerfile('Dockerfile', `FROM debian:12\nRUN ${'x'.repeat(5_000_000)}\n`);
    expect(word.stages[0]!.instructions[0]!.commands[0]!.name).toHaveLength(5_000_000);
    const chain = parseDockerfile('Dockerfile', Array.from({ length: 50_000 }, (_, i) => `FROM ${i === 0 ? 'debian:12' : `s${i - 1}`} AS s${i}`).join('\n'));
    expect(chain.stages).toHaveLength(50_000);
    expect(chain.stages.at(-1)!.baseStage).toBe(49_998);
  });

  it('splits words with quotes as Docker does, unpaired quotes included', () => {
    const df = parseDockerfile('Dockerfile', 'FROM a:1\nCOPY "my file" \'it is\' a"b c"d "open\\" x \'y /dst\n');
    expect(df.stages[0]!.instructions[0]!.words).toEqual(['my file', 'it is', 'ab cd', '"open\\"', 'x', "'y", '/dst']);
    const hostile = parseDockerfile('Dockerfile', `FROM a:1\nUSER ${'"\\'.repeat(1_000_000)}\n`);
    expect(hostile.stages[0]!.instructions[0]!.words).toHaveLength(1);
  });
});
