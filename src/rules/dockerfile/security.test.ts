import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../testing/dockerfile.js';
import { packageSignatureBypass } from './package-signature-bypass.js';
import { secretInEnvArg } from './secret-in-env-arg.js';
import { tlsVerificationDisabled } from './tls-verification-disabled.js';

describe('docker/secret-in-env-arg', () => {
  it('fires on literal secrets in ENV and ARG without printing the value', () => {
    const hits = runDockerfileRule(secretInEnvArg, 'ARG GITHUB_TOKEN=ghp_abcdef\nFROM a:1\nENV DB_PASSWORD=hunter2 OTHER=1\nENV AWS_SECRET_ACCESS_KEY wJalrXUtnFEMI\n');
    expect(hits.map((h) => h.line)).toEqual([1, 3, 4]);
    expect(hits.map((h) => h.message).join(' ')).not.toMatch(/ghp_|hunter2|wJalr/);
  });
  it('stays quiet for declarations, references, placeholders and non-secret names', () => {
    expect(runDockerfileRule(secretInEnvArg, 'FROM a:1\nARG NPM_TOKEN\nENV API_KEY=$API_KEY PASSWORD_FILE=/run/secrets/pw TOKEN_URL=https://x SECRET=changeme PWD=/app\n')).toEqual([]);
  });
});

describe('docker/tls-verification-disabled', () => {
  it('fires on curl -k, wget --no-check-certificate, pip --trusted-host, git and insecure ENV', () => {
    const text = 'FROM a:1\nRUN curl -fsSLk https://x\nRUN wget --no-check-certificate https://x\nRUN pip install --trusted-host pypi.org x==1\nRUN git -c http.sslVerify=false clone https://x\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\nRUN npm config set strict-ssl false\n';
    expect(runDockerfileRule(tlsVerificationDisabled, text).map((h) => h.line)).toEqual([2, 3, 4, 5, 6, 7]);
  });
  it('stays quiet for verified downloads and safe values', () => {
    expect(runDockerfileRule(tlsVerificationDisabled, 'FROM a:1\nRUN curl -fsSL https://x -o y\nENV NODE_TLS_REJECT_UNAUTHORIZED=1 GIT_SSL_NO_VERIFY=false\nRUN echo curl -k\n')).toEqual([]);
  });
});

describe('docker/package-signature-bypass', () => {
  it('fires on apk --allow-untrusted, apt --allow-unauthenticated/--force-yes, --nogpgcheck and rpm --nosignature', () => {
    const text = 'FROM a:1\nRUN apk add --allow-untrusted x.apk\nRUN apt-get install -y --allow-unauthenticated x\nRUN apt-get install -y --force-yes x\nRUN dnf install -y --nogpgcheck x\nRUN rpm -i --nosignature x.rpm\n';
    expect(runDockerfileRule(packageSignatureBypass, text)).toHaveLength(5);
  });
  it('stays quiet for normal installs', () => {
    expect(runDockerfileRule(packageSignatureBypass, 'FROM a:1\nRUN apk add --no-cache x && dnf install -y y && rpm -i z.rpm\n')).toEqual([]);
  });
});
