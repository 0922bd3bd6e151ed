import { describe, expect, it } from 'vitest';
import { defineDockerfileRule } from '../checks/rules/dockerfile/rule.js';
import { dockerfileRules } from '../checks/rules/dockerfile/index.js';
import { DEFAULT_TEST_SETTINGS } from '../testing/kubernetes.js';
import { scanDockerfileText } from './dockerfile.js';

const failing = defineDockerfileRule({
  meta: { id: 'docker/test-throws', title: 't', severity: 'low', target: 'dockerfile', rationale: 'r', remediation: 'r', references: {}, aliases: {} },
  check() {
    throw new Error('boom');
  },
});

describe('scanDockerfileText', () => {
  it('returns hits with locations and stable identities, parse errors and ignore directives', () => {
    const text = '# rampart:ignore docker/healthcheck-missing k8s probes\nFROM alpine:latest\nFROBNICATE\nRUN sudo apk add curl\n';
    const result = scanDockerfileText('Dockerfile', text, dockerfileRules, DEFAULT_TEST_SETTINGS);
    expect(result.errors).toEqual([{ file: 'Dockerfile', line: 3, message: 'unknown instruction "FROBNICATE"' }]);
    expect(result.ignoreDirectives).toMatchObject([{ ruleIds: ['docker/healthcheck-missing'], fromLine: 1, toLine: 5 }]);
    const sudo = result.hits.find((h) => h.meta.id === 'docker/sudo')!;
    expect(sudo.location).toEqual({ file: 'Dockerfile', startLine: 4, startColumn: 1, endLine: 4, endColumn: 22 });
    const shifted = scanDockerfileText('Dockerfile', `\n\n${text}`, dockerfileRules, DEFAULT_TEST_SETTINGS);
    expect(shifted.hits.map((h) => h.identity)).toEqual(result.hits.map((h) => h.identity));
    expect(result.hits.find((h) => h.meta.id === 'docker/user-root')!.identity).toBe('stage0|missing|docker/user-root');
  });

  it('turns a rule exception into a scan error and keeps other rules running', () => {
    const result = scanDockerfileText('Dockerfile', 'FROM a\n', [failing, ...dockerfileRules], DEFAULT_TEST_SETTINGS);
    expect(result.errors).toEqual([{ file: 'Dockerfile', message: 'rule docker/test-throws failed: boom' }]);
    expect(result.hits.some((h) => h.meta.id === 'docker/image-untagged')).toBe(true);
  });

  it('never throws on hostile input', () => {
    for (const text of ['', '\u0000\u0001\u00ff', 'FROM a\nRUN <<EOF\n', 'FROM a\nCMD ["x"', 'FROM ${', '#'.repeat(10000), 'FROM a\nRUN ' + '$('.repeat(500)]) {
      expect(() => scanDockerfileText('Dockerfile', text, dockerfileRules, DEFAULT_TEST_SETTINGS)).not.toThrow();
    }
  });
});
