import { describe, expect, it } from 'vitest';
import { runDockerfileRules } from '../../../pipeline/dockerfile.js';
import { parseDockerfile } from '../../../parsers/dockerfile/parse.js';
import { DEFAULT_TEST_SETTINGS } from '../../../testing/kubernetes.js';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { aptAssumeYes } from './apt-assume-yes.js';
import { copyFromUndefined } from './copy-from-undefined.js';
import { copyRelativeWithoutWorkdir } from './copy-relative-without-workdir.js';
import { dnfClean } from './dnf-clean.js';
import { maintainer } from './maintainer.js';
import { npmPin } from './npm-pin.js';
import { pipNoCacheDir } from './pip-no-cache-dir.js';
import { pipPin } from './pip-pin.js';
import { pipefail } from './pipefail.js';
import type { DockerfileRule } from './rule.js';
import { workdirRelative } from './workdir-relative.js';

/**
 * The behaviours behind each hadolint alias, one case per behaviour hadolint's rule specification
 * pins down (our own Dockerfiles): an alias promises the peer's verdicts.
 */
const fires = (rule: DockerfileRule, text: string): boolean => runDockerfileRule(rule, text).length > 0;

describe('hadolint parity', () => {
  it('DL3014: -y, --yes, --assume-yes or quiet level 2 (-qq, -q -q, -q=2, --quiet --quiet); one -q is not enough', () => {
    for (const flags of ['-y', '-yq', '--yes', '--assume-yes', '-qq', '-q -q', '-q=2', '--quiet --quiet', '-q --quiet']) {
      expect(fires(aptAssumeYes, `FROM debian:12\nRUN apt-get install ${flags} curl=7.88.1-10\n`), flags).toBe(false);
    }
    for (const flags of ['', '-q', '--quiet', '-q=1']) {
      expect(fires(aptAssumeYes, `FROM debian:12\nRUN apt-get install ${flags} curl=7.88.1-10\n`), flags).toBe(true);
    }
  });

  it('DL3040: each dnf/microdnf install needs its own clean (or rm of the cache) after it', () => {
    expect(fires(dnfClean, 'FROM fedora:40\nRUN microdnf install -y mariadb-10.4\n')).toBe(true);
    expect(fires(dnfClean, 'FROM fedora:40\nRUN dnf install -y mariadb-10.4 && microdnf clean all\n')).toBe(true);
    expect(fires(dnfClean, 'FROM fedora:40\nRUN microdnf clean all && dnf install -y mariadb-10.4\n')).toBe(true);
    expect(fires(dnfClean, 'FROM fedora:40\nRUN microdnf install -y mariadb-10.4 && microdnf clean all\n')).toBe(false);
    expect(fires(dnfClean, 'FROM fedora:40\nRUN dnf install -y mariadb-10.4 && rm -rf /var/cache/yum/*\n')).toBe(false);
    expect(fires(dnfClean, 'FROM fedora:40\nRUN notdnf install mariadb\n')).toBe(false);
  });

  it('DL3013: local archives, requirement and constraint files, VCS URLs with a revision are pinned; a VCS URL without one is not', () => {
    expect(fires(pipPin, 'FROM python:3.12\nRUN pipx install black && pipenv install flask\n')).toBe(false);
    for (const spec of ['app.whl', 'app.tar.gz', '.', '-r requirements.txt', '--requirement requirements.txt', 'kafka -c constraints.txt', "'alabaster>=0.7'", 'x~=1.2', 'git+https://example.com/team/tool.git@0.6-alpha#egg=tool', '--index-url https://user:pass@example.com/simple x==1']) {
      expect(fires(pipPin, `FROM python:3.12\nRUN pip install ${spec}\n`), spec).toBe(false);
    }
    for (const spec of ['tool', 'git+https://example.com/team/tool.git#egg=tool', 'git+https://user:pass@example.com/team/tool.git', '--index-url https://example.com/simple tool']) {
      expect(fires(pipPin, `FROM python:3.12\nRUN pip install ${spec}\n`), spec).toBe(true);
    }
  });

  it('DL3016: tarballs, paths, URLs and git URLs with a #ref are pinned; option values are not packages', () => {
    for (const spec of ['', 'express@4.1.1', '@team/lib@">=0.1.0"', 'pkg-1.2.3.tar', 'pkg-1.2.3.tar.gz', 'pkg-1.2.3.tgz', '/src', '../src', '~/src', 'git+ssh://git@example.com:team/tool.git#v1.0.27', 'git+https://me@example.com/team/tool.git#semver:^5.0', 'git://example.com/team/tool.git#v1', '--loglevel verbose sax@0.1.1', '--registry https://example.com sax@0.1.1']) {
      expect(fires(npmPin, `FROM node:20\nRUN npm install ${spec}\n`), spec).toBe(false);
    }
    for (const spec of ['express', '@team/lib', '--global express', 'git+ssh://git@example.com:team/tool.git', 'git+http://me@example.com/team/tool', 'git://example.com/team/tool.git', '--registry=https://example.com express']) {
      expect(fires(npmPin, `FROM node:20\nRUN npm install ${spec}\n`), spec).toBe(true);
    }
    expect(fires(npmPin, 'FROM node:20\nRUN npm run --crazy install\n')).toBe(false);
  });

  it('pip-no-cache-dir: PIP_NO_CACHE_DIR from ENV, ARG, export, a prefix or the base stage turns the cache off; pipx and pipenv are not pip', () => {
    for (const text of [
      'FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x==1\n',
      'FROM python:3.12\nENV PIP_NO_CACHE_DIR on\nRUN pip install x==1\n',
      'FROM python:3.12\nARG PIP_NO_CACHE_DIR=true\nRUN pip install x==1\n',
      'FROM python:3.12\nRUN export PIP_NO_CACHE_DIR=yes && pip install x==1\n',
      'FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install x==1\n',
      'FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install x==1\n',
      'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install x==1\n',
      'FROM python:3.12\nRUN pipx install tool && pipenv install lib && python -m pipx install tool\n',
    ]) {
      expect(fires(pipNoCacheDir, text), text).toBe(false);
    }
    for (const text of [
      'FROM python:3.12\nRUN pip install x==1\n',
      'FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12\nRUN pip install x==1\n',
      'FROM python:3.12\nRUN pip install x==1 && export PIP_NO_CACHE_DIR=1\n',
      'FROM python:3.12\nENV PIP_NO_CACHE_DIR=maybe\nRUN pip install x==1\n',
    ]) {
      expect(fires(pipNoCacheDir, text), text).toBe(true);
    }
    // pip disables its cache for every boolean it accepts, "0" and "false" included; hadolint flags
    // those, which is why this rule has no DL3042 alias.
    expect(fires(pipNoCacheDir, 'FROM python:3.12\nENV PIP_NO_CACHE_DIR=false\nRUN pip install x==1\n')).toBe(false);
    expect(pipNoCacheDir.meta.aliases.hadolint).toBeUndefined();
  });

  it('DL3022: COPY --from must name an earlier stage, an earlier stage index or an image', () => {
    expect(fires(copyFromUndefined, 'FROM scratch\nCOPY --from=foo bar .\n')).toBe(true);
    expect(fires(copyFromUndefined, 'FROM scratch\nCOPY --from=build foo .\nFROM node:20 AS build\nRUN true\n')).toBe(true);
    expect(fires(copyFromUndefined, 'FROM scratch\nCOPY --from=3 foo .\n')).toBe(true);
    expect(fires(copyFromUndefined, 'FROM scratch AS build\nRUN true\nFROM node:20\nCOPY --from=build foo .\n')).toBe(false);
    expect(fires(copyFromUndefined, 'FROM scratch\nRUN true\nFROM node:20\nCOPY --from=0 foo .\n')).toBe(false);
    expect(fires(copyFromUndefined, 'FROM scratch\nCOPY --from=haskell:latest bar .\n')).toBe(false);
  });

  it('DL3000: absolute, variable and Windows paths, quoted or not, are absolute', () => {
    for (const path of ['/usr/local', '${work}', "'/usr/local'", '"/usr/local"', '"${dir}"', "'C:\\'", '"C:\\"', 'C:/', '"C:/"', 'c:\\app']) {
      expect(fires(workdirRelative, `FROM scratch\nWORKDIR ${path}\n`), path).toBe(false);
    }
    for (const path of ['relative/dir', "'relative/dir'", '"relative/dir"']) {
      expect(fires(workdirRelative, `FROM scratch\nWORKDIR ${path}\n`), path).toBe(true);
    }
  });

  it('DL3045: Windows and quoted destinations are absolute; WORKDIR carries over only through FROM <stage>', () => {
    for (const destination of ['c:\\system32\\tool.sh', '"d:\\tools\\tool.sh"', 'c:/system32/tool.sh', '"/usr/local/bin/tool"', '"${BASE}"', '$BASE']) {
      expect(fires(copyRelativeWithoutWorkdir, `FROM scratch\nCOPY tool.sh ${destination}\n`), destination).toBe(false);
    }
    expect(fires(copyRelativeWithoutWorkdir, 'FROM scratch\nCOPY tool.sh "tool.sh"\n')).toBe(true);
    expect(fires(copyRelativeWithoutWorkdir, 'FROM debian:12 AS a\nWORKDIR c:\\system32\nFROM debian:12\nCOPY foo bar\n')).toBe(true);
    expect(fires(copyRelativeWithoutWorkdir, 'FROM debian:12 AS a\nWORKDIR /usr\nFROM a AS b\nRUN true\nFROM b\nCOPY foo bar\n')).toBe(false);
  });

  it('DL4006: pipefail set by a SHELL of bash, zsh or ash (any path), not sh; non-POSIX shells are exempt; each stage starts over', () => {
    const pipe = 'RUN wget -O - https://example.com | wc -l > /number\n';
    for (const shell of ['["/bin/bash", "-eo", "pipefail", "-c"]', '["/bin/bash", "-o", "errexit", "-o", "pipefail", "-c"]', '["/usr/local/bin/zsh", "-o", "pipefail", "-c"]', '["/bin/ash", "-o", "pipefail", "-c"]', '["pwsh", "-c"]', '["powershell.exe"]', '["cmd.exe", "/c"]']) {
      expect(fires(pipefail, `FROM scratch\nSHELL ${shell}\n${pipe}`), shell).toBe(false);
    }
    expect(fires(pipefail, `FROM scratch\n${pipe}`)).toBe(true);
    expect(fires(pipefail, `FROM scratch\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\n${pipe}`)).toBe(true);
    expect(fires(pipefail, `FROM scratch\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n${pipe}SHELL ["/bin/sh", "-c"]\n${pipe}`)).toBe(true);
    expect(fires(pipefail, `FROM scratch AS a\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n${pipe}FROM scratch AS b\n${pipe}`)).toBe(true);
    expect(fires(pipefail, 'FROM scratch\nRUN wget -O - https://example.com && wc -l file > /number\n')).toBe(false);
  });

  it('DL4000: MAINTAINER is reported wherever it is, before the first FROM too', () => {
    expect(fires(maintainer, 'FROM debian:12\nMAINTAINER someone@example.com\n')).toBe(true);
    const early = parseDockerfile('Dockerfile', 'MAINTAINER someone@example.com\nFROM debian:12\n');
    expect(early.errors.map((e) => e.message)).toEqual(['MAINTAINER before the first FROM']);
    expect(runDockerfileRules(early, [maintainer], DEFAULT_TEST_SETTINGS).hits.map((h) => h.location.startLine)).toEqual([1]);
    expect(fires(maintainer, 'FROM debian:12\n')).toBe(false);
  });
});
