import { describe, expect, it } from 'vitest';
import { parseCreatedBy, parseHistory } from './history.js';
import { loadConfig } from './testdata/run.js';

describe('parseCreatedBy', () => {
  it('reads classic builder no-op steps and drops the "in" of ADD/COPY', () => {
    expect(parseCreatedBy('/bin/sh -c #(nop)  USER nginx')).toEqual({ keyword: 'USER', args: 'nginx', buildArgs: [] });
    expect(parseCreatedBy('/bin/sh -c #(nop) ADD file:2ee8e1d0 in / ')).toMatchObject({ keyword: 'ADD', args: 'file:2ee8e1d0 /' });
    expect(parseCreatedBy('/bin/sh -c #(nop)  ARG UID=101')).toEqual({ keyword: 'ARG', args: 'UID=…', buildArgs: [{ name: 'UID', value: '101' }] });
  });

  it('reads classic RUN command lines with and without build arguments', () => {
    expect(parseCreatedBy('/bin/sh -c apt-get update')).toEqual({ keyword: 'RUN', args: 'apt-get update', buildArgs: [] });
    expect(parseCreatedBy('|2 A=one two B=three four /bin/sh -c make')).toEqual({
      keyword: 'RUN',
      args: 'make',
      buildArgs: [{ name: 'A', value: 'one two' }, { name: 'B', value: 'three four' }],
    });
    expect(parseCreatedBy('|1 A=1 /app/install')).toEqual({ keyword: '', args: '/app/install', buildArgs: [{ name: 'A', value: '1' }] });
    expect(parseCreatedBy('|2 A=1 B=2 /bin/sh -c make all')).toEqual({ keyword: 'RUN', args: 'make all', buildArgs: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] });
  });

  it('reads BuildKit steps, the "# buildkit" mark and custom shells', () => {
    expect(parseCreatedBy('USER nginx')).toEqual({ keyword: 'USER', args: 'nginx', buildArgs: [] });
    expect(parseCreatedBy('RUN |1 TOKEN=abc /bin/sh -c echo hi # buildkit')).toEqual({ keyword: 'RUN', args: 'echo hi', buildArgs: [{ name: 'TOKEN', value: 'abc' }] });
    expect(parseCreatedBy('RUN /bin/bash -o pipefail -c curl x | sh # buildkit')).toMatchObject({ keyword: 'RUN', args: 'curl x | sh' });
    expect(parseCreatedBy('RUN /app/install --all # buildkit')).toMatchObject({ keyword: 'RUN', args: '/app/install --all' });
    expect(parseCreatedBy('ARG TOKEN')).toEqual({ keyword: 'ARG', args: 'TOKEN', buildArgs: [{ name: 'TOKEN', value: undefined }] });
  });

  it('turns text that is no Dockerfile instruction into an unknown step, never an error', () => {
    for (const text of ['', '   ', "# debian.sh --arch 'amd64' out/ 'bookworm'", 'jib-maven-plugin:3.4.0', '|x', '|3 /bin/sh', '/bin/sh -c #(nop) ', 'bazel build //app']) {
      expect(() => parseCreatedBy(text)).not.toThrow();
      expect(['', 'RUN']).toContain(parseCreatedBy(text).keyword);
    }
    expect(parseCreatedBy('jib-maven-plugin:3.4.0').keyword).toBe('');
  });
});

describe('parseHistory', () => {
  it('keeps one step per entry, in order, with RUN commands tokenized', () => {
    const steps = parseHistory(loadConfig('app-buildkit').history);
    expect(steps).toHaveLength(14);
    expect(steps.map((s) => s.instruction.keyword).slice(0, 7)).toEqual(['', 'ARG', 'ARG', 'RUN', 'RUN', 'RUN', 'ADD']);
    expect(steps[4]!.instruction.commands.map((c) => c.name)).toEqual(['curl', 'sh']);
    expect(steps[7]!.instruction.flags).toEqual([{ name: 'checksum', value: expect.stringMatching(/^sha256:/) }]);
    expect(steps[6]!.instruction.span.startLine).toBe(7);
  });

  it('never puts build-argument values into the quoted text or the identity', () => {
    for (const step of parseHistory(loadConfig('app-buildkit').history)) {
      expect(step.instruction.args).not.toContain('ghp_');
      expect(step.instruction.identity).not.toContain('ghp_');
    }
  });

  it('gives repeated identical steps distinct identities', () => {
    const [a, b] = parseHistory([{ created_by: 'RUN /bin/sh -c make # buildkit' }, { created_by: '/bin/sh -c make' }]);
    expect(a!.instruction.identity).not.toBe(b!.instruction.identity);
  });

  it('survives malformed history', () => {
    expect(parseHistory(undefined)).toEqual([]);
    expect(parseHistory('nope' as never)).toEqual([]);
    const steps = parseHistory([null, { created_by: 42 }, {}, { created_by: 'RUN' }] as never);
    expect(steps.map((s) => s.instruction.keyword)).toEqual(['', '', '', 'RUN']);
  });
});

describe('parseCreatedBy on hostile input', () => {
  it('stays linear on long runs of whitespace and words', () => {
    const started = performance.now();
    parseCreatedBy(`/bin/sh -c #(nop) ADD ${' '.repeat(60_000)}x`);
    parseCreatedBy(`RUN |1 A=${'a '.repeat(30_000)}`);
    parseCreatedBy(`${' '.repeat(60_000)}# buildkitx`);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
