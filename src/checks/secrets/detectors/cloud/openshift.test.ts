import { describeDetectors } from '../testing/cases.js';
import { BASE64URL, randomText } from '../testing/tokens.js';
import { openshiftUserToken } from './openshift.js';

const token = `sha256~${randomText(BASE64URL, 43, 1)}`;

describeDetectors([
  {
    detector: openshiftUserToken,
    found: [
      { text: `oc login --token=${token} --server=https://api.ocp.example.com:6443`, secret: token },
      { text: `users:\n- name: admin/api-ocp-example-com:6443\n  user:\n    token: ${token}\n`, secret: token },
    ],
    ignored: [
      { why: 'a placeholder', text: `oc login --token=sha256~${'x'.repeat(43)}` },
      { why: 'a too-short value', text: `oc login --token=sha256~${randomText(BASE64URL, 30, 2)}` },
      { why: 'a SHA-256 digest written another way', text: `digest: sha256:${randomText('0123456789abcdef', 64, 3)}` },
    ],
  },
]);
