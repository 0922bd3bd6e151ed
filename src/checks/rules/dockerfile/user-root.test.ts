import { describe, expect, it } from 'vitest';
import { applyTextFix, dedent, runDockerfileRule } from '../../../testing/dockerfile.js';
import { userRoot } from './user-root.js';

describe('docker/user-root', () => {
  it('fires when the final stage has no USER, at its FROM line, and inserts USER before CMD', () => {
    const text = `
      FROM golang:1.22 AS build
      USER 1000
      FROM debian:12-slim
      COPY --from=build /out/app /app
      CMD ["/app"]
    `;
    const [hit, ...rest] = runDockerfileRule(userRoot, text);
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ ruleId: 'docker/user-root', line: 3 });
    expect(applyTextFix(dedent(text), hit!.fix)).toBe('FROM golang:1.22 AS build\nUSER 1000\nFROM debian:12-slim\nCOPY --from=build /out/app /app\nUSER 10001\nCMD ["/app"]\n');
  });

  it('fires on USER root, 0 and 0:0 and on FROM scratch without USER', () => {
    for (const user of ['root', '0', 'root:root', '0:0']) {
      expect(runDockerfileRule(userRoot, `FROM alpine:3.19\nUSER ${user}\n`)).toHaveLength(1);
    }
    expect(runDockerfileRule(userRoot, 'FROM scratch\nCOPY app /app\n')).toHaveLength(1);
  });

  it('replaces a trailing root USER and appends when there is no CMD', () => {
    const [replace] = runDockerfileRule(userRoot, 'FROM alpine:3.19\nUSER root\nCMD ["sh"]\n');
    expect(applyTextFix('FROM alpine:3.19\nUSER root\nCMD ["sh"]\n', replace!.fix)).toBe('FROM alpine:3.19\nUSER 10001\nCMD ["sh"]\n');
    const [append] = runDockerfileRule(userRoot, 'FROM alpine:3.19\nRUN echo hi\n');
    expect(applyTextFix('FROM alpine:3.19\nRUN echo hi\n', append!.fix)).toBe('FROM alpine:3.19\nRUN echo hi\nUSER 10001\n');
  });

  it('inherits USER from the stage the final stage is built FROM', () => {
    expect(runDockerfileRule(userRoot, 'FROM alpine:3.19 AS base\nUSER app\nFROM base\nCMD ["x"]\n')).toEqual([]);
    expect(runDockerfileRule(userRoot, 'FROM alpine:3.19 AS base\nUSER root\nFROM base\n')[0]!.message).toMatch(/inherits/);
  });

  it('stays quiet for a non-root final USER, a root builder stage, variables and nonroot images', () => {
    expect(runDockerfileRule(userRoot, 'FROM alpine:3.19 AS b\nUSER root\nFROM alpine:3.19\nUSER 10001\n')).toEqual([]);
    expect(runDockerfileRule(userRoot, 'FROM alpine:3.19\nUSER root\nRUN apk add --no-cache curl\nUSER app:app\n')).toEqual([]);
    expect(runDockerfileRule(userRoot, 'FROM alpine:3.19\nUSER $APP_UID\n')).toEqual([]);
    expect(runDockerfileRule(userRoot, 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n')).toEqual([]);
  });

  it('is high severity, fixable, and maps to Trivy DS002 and Checkov CKV_DOCKER_3', () => {
    expect(userRoot.meta).toMatchObject({ severity: 'high', fixable: true });
    expect(userRoot.meta.aliases.trivy).toEqual(['DS002', 'AVD-DS-0002']);
    expect(userRoot.meta.aliases.checkov).toContain('CKV_DOCKER_3');
  });
});
