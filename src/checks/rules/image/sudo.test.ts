import { describe, expect, it } from 'vitest';
import { sudo } from './sudo.js';
import { runImageRule, withHistory } from './testdata/run.js';

describe('image/sudo', () => {
  it('fires where the BuildKit history installs and uses sudo', () => {
    const hits = runImageRule(sudo, 'app-buildkit');
    expect(hits.map((h) => [h.line, h.fieldPath])).toEqual([
      [4, 'history[3].created_by'],
      [6, 'history[5].created_by'],
    ]);
    expect(hits[0]!.message).toMatch(/^history\[3\] installs sudo: "RUN apt-get update && apt-get install/);
    expect(hits[1]!.message).toBe('history[5] uses sudo: "RUN sudo -u nobody /usr/bin/true"');
    expect(JSON.stringify(hits)).not.toContain('ghp_');
  });

  it('fires on classic RUN lines and on apk, dnf and pinned apt installs', () => {
    for (const line of [
      '/bin/sh -c sudo apt-get update',
      '/bin/sh -c apk add --no-cache sudo=1.9.15-r0',
      '/bin/sh -c dnf install -y sudo && dnf clean all',
      '/bin/sh -c apt-get install -y sudo=1.9.13p3-1+deb12u1',
    ]) {
      expect(runImageRule(sudo, withHistory(line)), line).toHaveLength(1);
    }
  });

  it('stays quiet for images without sudo and for non-RUN steps that mention it', () => {
    expect(runImageRule(sudo, 'nginx-classic')).toEqual([]);
    expect(runImageRule(sudo, withHistory('/bin/sh -c #(nop)  LABEL note=sudo', '/bin/sh -c apt-get install -y sudo-ldap-docs', 'COPY sudoers /etc/ # buildkit'))).toEqual([]);
  });

  it('maps to Hadolint DL3004 and Trivy DS010', () => {
    expect(sudo.meta.aliases).toMatchObject({ hadolint: ['DL3004'], trivy: ['DS010', 'AVD-DS-0010'] });
  });
});
