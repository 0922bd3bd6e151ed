import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './diff.js';

describe('unifiedDiff', () => {
  it('is empty when nothing changed', () => {
    expect(unifiedDiff('k8s/pod.yaml', 'a: 1\n', 'a: 1\n')).toBe('');
  });

  it('prints a git-style diff with a/ b/ prefixes and three lines of context', () => {
    const before = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8', ''].join('\n');
    const after = before.replace('l5\n', 'l5\nadded\n');
    expect(unifiedDiff('k8s/pod.yaml', before, after)).toBe(
      ['--- a/k8s/pod.yaml', '+++ b/k8s/pod.yaml', '@@ -3,6 +3,7 @@', ' l3', ' l4', ' l5', '+added', ' l6', ' l7', ' l8', ''].join('\n'),
    );
  });

  it('marks a missing final newline', () => {
    expect(unifiedDiff('Dockerfile', 'FROM a', 'FROM b')).toContain('-FROM a\n\\ No newline at end of file\n+FROM b\n\\ No newline at end of file');
  });
});
