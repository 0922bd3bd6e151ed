import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../testing/dockerfile.js';
import { apkNoCache } from './apk-no-cache.js';
import { apkPin } from './apk-pin.js';
import { aptAssumeYes } from './apt-assume-yes.js';
import { aptCommand } from './apt-command.js';
import { aptDistUpgrade } from './apt-dist-upgrade.js';
import { aptLists } from './apt-lists.js';
import { aptNoInstallRecommends } from './apt-no-install-recommends.js';
import { aptPin } from './apt-pin.js';
import { dnfClean } from './dnf-clean.js';
import { npmPin } from './npm-pin.js';
import { pipNoCacheDir } from './pip-no-cache-dir.js';
import { pipPin } from './pip-pin.js';
import { updateAlone } from './update-alone.js';
import { yumClean } from './yum-clean.js';
import { zypperClean } from './zypper-clean.js';

const IDIOM = 'FROM debian:12\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl=7.88.1-10 ca-certificates=2023* && rm -rf /var/lib/apt/lists/*\n';

describe('apt hygiene', () => {
  it('stays quiet on the canonical idiom', () => {
    for (const rule of [aptPin, aptLists, aptNoInstallRecommends, aptAssumeYes, aptCommand, updateAlone, aptDistUpgrade]) {
      expect(runDockerfileRule(rule, IDIOM)).toEqual([]);
    }
  });
  it('docker/apt-pin fires on unpinned packages only', () => {
    expect(runDockerfileRule(aptPin, 'FROM d:1\nRUN apt-get install -y -o Dpkg::Options::=--force-confnew curl wget=1.21 ./local.deb $PKG\n')).toMatchObject([{ message: 'apt-get install without version pins: curl' }]);
  });
  it('docker/apt-lists-not-cleaned fires in shipped stages only, and accepts a cache mount', () => {
    expect(runDockerfileRule(aptLists, 'FROM d:1\nRUN apt-get update && apt-get install -y x\n')).toHaveLength(1);
    expect(runDockerfileRule(aptLists, 'FROM d:1 AS build\nRUN apt-get update && apt-get install -y x\nFROM d:1\nCOPY --from=build /a /a\n')).toEqual([]);
    expect(runDockerfileRule(aptLists, 'FROM d:1\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y x\n')).toEqual([]);
  });
  it('docker/apt-no-install-recommends and docker/apt-assume-yes fire on a bare install', () => {
    expect(runDockerfileRule(aptNoInstallRecommends, 'FROM d:1\nRUN apt-get install -y x=1\n')).toHaveLength(1);
    expect(runDockerfileRule(aptAssumeYes, 'FROM d:1\nRUN apt-get install x=1\n')).toHaveLength(1);
    expect(runDockerfileRule(aptAssumeYes, 'FROM d:1\nRUN apt-get -qy install x=1 && apt-get install -qq y=1\n')).toEqual([]);
    expect(runDockerfileRule(aptNoInstallRecommends, 'FROM d:1\nRUN apt-get install -y -o APT::Install-Recommends=false x=1\n')).toEqual([]);
  });
  it('docker/apt-command fires on apt, docker/apt-dist-upgrade on dist-upgrade', () => {
    expect(runDockerfileRule(aptCommand, 'FROM d:1\nRUN apt install -y x\n')).toHaveLength(1);
    expect(runDockerfileRule(aptDistUpgrade, 'FROM d:1\nRUN apt-get update && apt-get dist-upgrade -y\n')).toHaveLength(1);
    expect(runDockerfileRule(aptDistUpgrade, 'FROM d:1\nRUN apt-get update && apt-get upgrade -y\n')).toEqual([]);
  });
  it('docker/update-alone fires on an update without install in the same RUN', () => {
    expect(runDockerfileRule(updateAlone, 'FROM d:1\nRUN apt-get update\nRUN apt-get install -y x\nRUN apk update\n').map((h) => h.line)).toEqual([2, 4]);
    expect(runDockerfileRule(updateAlone, 'FROM d:1\nRUN apk update && apk add x\n')).toEqual([]);
  });
});

describe('apk hygiene', () => {
  it('docker/apk-no-cache fires without --no-cache, quiet with it or a cache mount', () => {
    expect(runDockerfileRule(apkNoCache, 'FROM alpine:3\nRUN apk add curl=8.5.0-r0\n')).toHaveLength(1);
    expect(runDockerfileRule(apkNoCache, 'FROM alpine:3\nRUN apk add --no-cache curl\nRUN --mount=type=cache,target=/var/cache/apk apk add y\nRUN apk add z && rm -rf /var/cache/apk/*\n')).toEqual([]);
  });
  it('docker/apk-pin fires on unpinned packages, not on --virtual names', () => {
    expect(runDockerfileRule(apkPin, 'FROM alpine:3\nRUN apk add --no-cache --virtual .deps gcc curl~=8.5 musl-dev=1.2\n')).toMatchObject([{ message: 'apk add without version pins: gcc' }]);
    expect(runDockerfileRule(apkPin, 'FROM alpine:3\nRUN apk add --no-cache curl=8.5.0-r0\n')).toEqual([]);
  });
});

describe('rpm-family cache cleaning', () => {
  it('fires without clean and stays quiet with it', () => {
    expect(runDockerfileRule(yumClean, 'FROM c:7\nRUN yum install -y httpd\n')).toHaveLength(1);
    expect(runDockerfileRule(yumClean, 'FROM c:7\nRUN yum install -y httpd && yum clean all\n')).toEqual([]);
    expect(runDockerfileRule(dnfClean, 'FROM f:40\nRUN microdnf install -y x\n')).toHaveLength(1);
    expect(runDockerfileRule(dnfClean, 'FROM f:40\nRUN dnf install -y x && dnf clean all\n')).toEqual([]);
    expect(runDockerfileRule(zypperClean, 'FROM s:15\nRUN zypper -n install x\n')).toHaveLength(1);
    expect(runDockerfileRule(zypperClean, 'FROM s:15\nRUN zypper -n in x && zypper cc -a\n')).toEqual([]);
  });
});

describe('language package managers', () => {
  it('docker/pip-pin fires on unpinned packages; quiet for pins, requirements, local paths', () => {
    expect(runDockerfileRule(pipPin, 'FROM p:3\nRUN pip install --no-cache-dir flask requests==2.31\n')).toMatchObject([{ message: 'pip install without version pins: flask' }]);
    expect(runDockerfileRule(pipPin, 'FROM p:3\nRUN pip install -r requirements.txt && pip install . && python -m pip install "x>=1" ./pkg.whl git+https://h/r@v1\n')).toEqual([]);
  });
  it('docker/pip-no-cache-dir fires without --no-cache-dir in shipped stages', () => {
    expect(runDockerfileRule(pipNoCacheDir, 'FROM p:3\nRUN pip install x==1\n')).toHaveLength(1);
    expect(runDockerfileRule(pipNoCacheDir, 'FROM p:3\nRUN pip install --no-cache-dir x==1 && PIP_NO_CACHE_DIR=1 pip install y==1\n')).toEqual([]);
  });
  it('docker/npm-pin fires on unpinned named packages only', () => {
    expect(runDockerfileRule(npmPin, 'FROM n:20\nRUN npm install -g typescript @scope/pkg@1.0 left-pad@1.3.0\n')).toMatchObject([{ message: 'npm install without version pins: typescript' }]);
    expect(runDockerfileRule(npmPin, 'FROM n:20\nRUN npm ci && npm install && npm install ./local\n')).toEqual([]);
  });
});
