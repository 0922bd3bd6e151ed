import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { tlsVerificationDisabled } from './tls-verification-disabled.js';

describe('docker/tls-verification-disabled', () => {
  it('fires on curl -k, wget --no-check-certificate, pip --trusted-host, git and insecure ENV', () => {
    const text = 'FROM a:1\nRUN curl -fsSLk https://x\nRUN wget --no-check-certificate https://x\nRUN pip install --trusted-host pypi.org x==1\nRUN git -c http.sslVerify=false clone https://x\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\nRUN npm config set strict-ssl false\n';
    expect(runDockerfileRule(tlsVerificationDisabled, text).map((h) => h.line)).toEqual([2, 3, 4, 5, 6, 7]);
  });
  it('stays quiet for verified downloads and safe values', () => {
    expect(runDockerfileRule(tlsVerificationDisabled, 'FROM a:1\nRUN curl -fsSL https://x -o y\nENV NODE_TLS_REJECT_UNAUTHORIZED=1 GIT_SSL_NO_VERIFY=false\nRUN echo curl -k\n')).toEqual([]);
  });
  it('is high severity and maps to the Checkov TLS checks', () => {
    expect(tlsVerificationDisabled.meta.severity).toBe('high');
    expect(tlsVerificationDisabled.meta.aliases.checkov).toContain('CKV2_DOCKER_2');
  });
});
