import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../testing/dockerfile.js';
import { copyFromSelf } from './copy-from-self.js';
import { copyFromUndefined } from './copy-from-undefined.js';
import { copyRelativeWithoutWorkdir } from './copy-relative-without-workdir.js';
import { duplicateStageName } from './duplicate-stage-name.js';
import { execForm } from './exec-form.js';
import { exposeInvalidPort } from './expose-invalid-port.js';
import { exposeSsh } from './expose-ssh.js';
import { healthcheckMissing } from './healthcheck-missing.js';
import { maintainer } from './maintainer.js';
import { multipleCmd } from './multiple-cmd.js';
import { multipleEntrypoint } from './multiple-entrypoint.js';
import { workdirRelative } from './workdir-relative.js';

describe('docker/workdir-relative', () => {
  it('fires on a relative WORKDIR', () => expect(runDockerfileRule(workdirRelative, 'FROM a:1\nWORKDIR app\n')).toHaveLength(1));
  it('stays quiet for absolute, variable and Windows paths', () => expect(runDockerfileRule(workdirRelative, 'FROM a:1\nWORKDIR /app\nWORKDIR $HOME\nWORKDIR C:\\app\n')).toEqual([]));
});

describe('docker/multiple-cmd and docker/multiple-entrypoint', () => {
  it('fire on the overriding instruction of the same stage', () => {
    expect(runDockerfileRule(multipleCmd, 'FROM a:1\nCMD ["a"]\nCMD ["b"]\n').map((h) => h.line)).toEqual([3]);
    expect(runDockerfileRule(multipleEntrypoint, 'FROM a:1\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n')).toHaveLength(1);
  });
  it('stay quiet for one per stage', () => {
    expect(runDockerfileRule(multipleCmd, 'FROM a:1 AS x\nCMD ["a"]\nFROM a:1\nCMD ["b"]\n')).toEqual([]);
    expect(runDockerfileRule(multipleEntrypoint, 'FROM a:1\nENTRYPOINT ["a"]\nCMD ["b"]\n')).toEqual([]);
  });
});

describe('docker/exec-form', () => {
  it('fires on shell-form CMD and ENTRYPOINT', () => expect(runDockerfileRule(execForm, 'FROM a:1\nCMD node app.js\nENTRYPOINT /run.sh\n')).toHaveLength(2));
  it('stays quiet for JSON form', () => expect(runDockerfileRule(execForm, 'FROM a:1\nCMD ["node", "app.js"]\n')).toEqual([]));
});

describe('EXPOSE rules', () => {
  it('docker/expose-ssh fires on 22 and ranges covering it', () => {
    expect(runDockerfileRule(exposeSsh, 'FROM a:1\nEXPOSE 22\nEXPOSE 20-30/tcp\n')).toHaveLength(2);
    expect(runDockerfileRule(exposeSsh, 'FROM a:1\nEXPOSE 2222 8022 $PORT 22/udp\n')).toEqual([]);
  });
  it('docker/expose-invalid-port fires on out-of-range, malformed and bad protocols', () => {
    expect(runDockerfileRule(exposeInvalidPort, 'FROM a:1\nEXPOSE 70000 80/http 9-8 abc\n')).toHaveLength(4);
    expect(runDockerfileRule(exposeInvalidPort, 'FROM a:1\nEXPOSE 80 443/tcp 53/udp 8000-8010 ${PORT}\n')).toEqual([]);
  });
});

describe('docker/healthcheck-missing', () => {
  it('fires when the final stage has none, at its FROM', () => {
    expect(runDockerfileRule(healthcheckMissing, 'FROM a:1 AS b\nHEALTHCHECK CMD x\nFROM c:1\nCMD ["x"]\n').map((h) => h.line)).toEqual([3]);
  });
  it('stays quiet with HEALTHCHECK, explicit NONE, or one inherited from the base stage', () => {
    expect(runDockerfileRule(healthcheckMissing, 'FROM a:1\nHEALTHCHECK NONE\n')).toEqual([]);
    expect(runDockerfileRule(healthcheckMissing, 'FROM a:1 AS base\nHEALTHCHECK CMD ["x"]\nFROM base\n')).toEqual([]);
  });
});

describe('docker/maintainer', () => {
  it('fires on MAINTAINER', () => expect(runDockerfileRule(maintainer, 'FROM a:1\nMAINTAINER me@example.com\n')).toHaveLength(1));
  it('stays quiet for LABEL', () => expect(runDockerfileRule(maintainer, 'FROM a:1\nLABEL maintainer=me\n')).toEqual([]));
});

describe('COPY --from rules', () => {
  it('docker/copy-from-undefined fires on typos, later stages and missing indexes', () => {
    const text = 'FROM a:1 AS build\nFROM b:1\nCOPY --from=biuld /a /a\nCOPY --from=later /b /b\nCOPY --from=7 /c /c\nFROM c:1 AS later\n';
    expect(runDockerfileRule(copyFromUndefined, text).map((h) => h.line)).toEqual([3, 4, 5]);
  });
  it('docker/copy-from-undefined stays quiet for earlier stages (any case), indexes and image references', () => {
    expect(runDockerfileRule(copyFromUndefined, 'FROM a:1 AS Build\nFROM b:1\nCOPY --from=build /a /a\nCOPY --from=0 /a /a\nCOPY --from=nginx:1.25 /etc/nginx /n\n')).toEqual([]);
  });
  it('docker/copy-from-self fires on its own alias or index only', () => {
    expect(runDockerfileRule(copyFromSelf, 'FROM a:1 AS x\nCOPY --from=x /a /a\nFROM b:1\nCOPY --from=1 /a /a\nCOPY --from=x /a /a\n').map((h) => h.line)).toEqual([2, 4]);
  });
});

describe('docker/duplicate-stage-name', () => {
  it('fires on a repeated (case-insensitive) name', () => expect(runDockerfileRule(duplicateStageName, 'FROM a:1 AS build\nFROM b:1 AS BUILD\n')).toMatchObject([{ line: 2 }]));
  it('stays quiet for distinct names', () => expect(runDockerfileRule(duplicateStageName, 'FROM a:1 AS a\nFROM b:1 AS b\nFROM c:1\n')).toEqual([]));
});

describe('docker/copy-relative-without-workdir', () => {
  it('fires on a relative destination before any WORKDIR', () => expect(runDockerfileRule(copyRelativeWithoutWorkdir, 'FROM a:1\nCOPY app.js .\n')).toHaveLength(1));
  it('stays quiet after WORKDIR (also inherited), or with absolute destinations', () => {
    expect(runDockerfileRule(copyRelativeWithoutWorkdir, 'FROM a:1 AS base\nWORKDIR /app\nCOPY a.js ./\nFROM base\nCOPY b.js .\nFROM c:1\nCOPY c.js /srv/\n')).toEqual([]);
  });
});
