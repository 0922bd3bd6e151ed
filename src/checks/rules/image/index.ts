import type { ImageRule } from './rule.js';
import { addRemoteUrl } from './add-remote-url.js';
import { curlPipeShell } from './curl-pipe-shell.js';
import { exposeSsh } from './expose-ssh.js';
import { healthcheckMissing } from './healthcheck-missing.js';
import { secretInBuildArg } from './secret-in-build-arg.js';
import { secretInEnv } from './secret-in-env.js';
import { sudo } from './sudo.js';
import { userRoot } from './user-root.js';

export const imageRules: ImageRule[] = [addRemoteUrl, curlPipeShell, exposeSsh, healthcheckMissing, secretInBuildArg, secretInEnv, sudo, userRoot];
