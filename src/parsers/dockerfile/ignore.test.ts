import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './parse.js';

const directives = (text: string) => parseDockerfile('Dockerfile', text).ignoreDirectives.map(({ ruleIds, reason, line, fromLine, toLine }) => ({ ruleIds, reason, line, fromLine, toLine }));

describe('rampart:ignore in Dockerfiles', () => {
  it('scopes a comment above the first FROM with nothing before it to the whole file', () => {
    expect(directives('# rampart:ignore docker/user-root base image sets USER\nFROM a:1\nRUN x\nFROM b:1\n')).toEqual([
      { ruleIds: ['docker/user-root'], reason: 'base image sets USER', line: 1, fromLine: 1, toLine: 5 },
    ]);
  });

  it('scopes a comment above a later FROM to that stage, and one above an instruction to it', () => {
    const text = ['ARG V=1', 'FROM a:1 AS build', '# rampart:ignore docker/apt-pin,docker/sudo: vendored', 'RUN x \\', '  && y', 'FROM b:1', '# rampart:ignore docker/healthcheck-missing sidecar', '', 'FROM c:1', 'RUN z', 'USER 1'].join('\n');
    expect(directives(text)).toEqual([
      { ruleIds: ['docker/apt-pin', 'docker/sudo'], reason: 'vendored', line: 3, fromLine: 4, toLine: 5 },
      { ruleIds: ['docker/healthcheck-missing'], reason: 'sidecar', line: 7, fromLine: 9, toLine: 11 },
    ]);
  });

  it('applies trailing and continuation comments to their own instruction', () => {
    const text = 'FROM a:1\nRUN curl x | sh # rampart:ignore docker/curl-pipe-shell vendor installer\nRUN a \\\n  # rampart:ignore docker/run-cd legacy\n  && cd /x\n';
    expect(directives(text)).toEqual([
      { ruleIds: ['docker/curl-pipe-shell'], reason: 'vendor installer', line: 2, fromLine: 2, toLine: 2 },
      { ruleIds: ['docker/run-cd'], reason: 'legacy', line: 4, fromLine: 3, toLine: 5 },
    ]);
  });

  it('ignores ordinary comments', () => {
    expect(directives('# hello\nFROM a:1\n# rampart: nothing\n')).toEqual([]);
  });
});
