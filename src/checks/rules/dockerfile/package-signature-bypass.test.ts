import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { packageSignatureBypass } from './package-signature-bypass.js';

describe('docker/package-signature-bypass', () => {
  it('fires on apk --allow-untrusted, apt --allow-unauthenticated/--force-yes, --nogpgcheck and rpm --nosignature', () => {
    const text = 'FROM a:1\nRUN apk add --allow-untrusted x.apk\nRUN apt-get install -y --allow-unauthenticated x\nRUN apt-get install -y --force-yes x\nRUN dnf install -y --nogpgcheck x\nRUN rpm -i --nosignature x.rpm\n';
    expect(runDockerfileRule(packageSignatureBypass, text)).toHaveLength(5);
    expect(runDockerfileRule(packageSignatureBypass, text).map((h) => h.line)).toEqual([2, 3, 4, 5, 6]);
  });
  it('stays quiet for normal installs', () => {
    expect(runDockerfileRule(packageSignatureBypass, 'FROM a:1\nRUN apk add --no-cache x && dnf install -y y && rpm -i z.rpm\n')).toEqual([]);
  });
  it('is high severity and maps to the Checkov signature checks', () => {
    expect(packageSignatureBypass.meta.severity).toBe('high');
    expect(packageSignatureBypass.meta.aliases.checkov).toContain('CKV2_DOCKER_7');
  });
});
