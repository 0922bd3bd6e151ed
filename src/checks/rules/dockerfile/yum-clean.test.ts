import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { yumClean } from './yum-clean.js';

describe('docker/yum-clean', () => {
  it('fires without yum clean all', () => {
    const text = 'FROM c:7\nRUN yum install -y httpd\n';
    expect(runDockerfileRule(yumClean, text)).toHaveLength(1);
    expect(runDockerfileRule(yumClean, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet with yum clean all', () => {
    expect(runDockerfileRule(yumClean, 'FROM c:7\nRUN yum install -y httpd && yum clean all\n')).toEqual([]);
  });
  it('maps to hadolint DL3032', () => {
    expect(yumClean.meta.aliases.hadolint).toEqual(['DL3032']);
  });
});
