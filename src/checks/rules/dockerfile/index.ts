import type { DockerfileRule } from './rule.js';
import { addInsteadOfCopy } from './add-instead-of-copy.js';
import { addLocalArchive } from './add-local-archive.js';
import { addRemoteUrl } from './add-remote-url.js';
import { apkNoCache } from './apk-no-cache.js';
import { apkPin } from './apk-pin.js';
import { aptAssumeYes } from './apt-assume-yes.js';
import { aptCommand } from './apt-command.js';
import { aptDistUpgrade } from './apt-dist-upgrade.js';
import { aptLists } from './apt-lists.js';
import { aptNoInstallRecommends } from './apt-no-install-recommends.js';
import { aptPin } from './apt-pin.js';
import { chmodWorldWritable } from './chmod-world-writable.js';
import { copyFromSelf } from './copy-from-self.js';
import { copyFromUndefined } from './copy-from-undefined.js';
import { copyRelativeWithoutWorkdir } from './copy-relative-without-workdir.js';
import { curlPipeShell } from './curl-pipe-shell.js';
import { dnfClean } from './dnf-clean.js';
import { duplicateStageName } from './duplicate-stage-name.js';
import { execForm } from './exec-form.js';
import { exposeInvalidPort } from './expose-invalid-port.js';
import { exposeSsh } from './expose-ssh.js';
import { healthcheckMissing } from './healthcheck-missing.js';
import { imageLatest } from './image-latest.js';
import { imageNoDigest } from './image-no-digest.js';
import { imageUntagged } from './image-untagged.js';
import { maintainer } from './maintainer.js';
import { multipleCmd } from './multiple-cmd.js';
import { multipleEntrypoint } from './multiple-entrypoint.js';
import { npmPin } from './npm-pin.js';
import { packageSignatureBypass } from './package-signature-bypass.js';
import { pipNoCacheDir } from './pip-no-cache-dir.js';
import { pipPin } from './pip-pin.js';
import { pipefail } from './pipefail.js';
import { platformLiteral } from './platform-literal.js';
import { registryNotAllowed } from './registry-not-allowed.js';
import { runCd } from './run-cd.js';
import { secretInEnvArg } from './secret-in-env-arg.js';
import { sudo } from './sudo.js';
import { tlsVerificationDisabled } from './tls-verification-disabled.js';
import { updateAlone } from './update-alone.js';
import { userRoot } from './user-root.js';
import { workdirRelative } from './workdir-relative.js';
import { yumClean } from './yum-clean.js';
import { zypperClean } from './zypper-clean.js';

export const dockerfileRules: DockerfileRule[] = [
  addInsteadOfCopy,
  addLocalArchive,
  addRemoteUrl,
  apkNoCache,
  apkPin,
  aptAssumeYes,
  aptCommand,
  aptDistUpgrade,
  aptLists,
  aptNoInstallRecommends,
  aptPin,
  chmodWorldWritable,
  copyFromSelf,
  copyFromUndefined,
  copyRelativeWithoutWorkdir,
  curlPipeShell,
  dnfClean,
  duplicateStageName,
  execForm,
  exposeInvalidPort,
  exposeSsh,
  healthcheckMissing,
  imageLatest,
  imageNoDigest,
  imageUntagged,
  maintainer,
  multipleCmd,
  multipleEntrypoint,
  npmPin,
  packageSignatureBypass,
  pipNoCacheDir,
  pipPin,
  pipefail,
  platformLiteral,
  registryNotAllowed,
  runCd,
  secretInEnvArg,
  sudo,
  tlsVerificationDisabled,
  updateAlone,
  userRoot,
  workdirRelative,
  yumClean,
  zypperClean,
];
