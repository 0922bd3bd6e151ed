import { describeDetectors } from '../testing/cases.js';
import { HEX, randomText } from '../testing/tokens.js';
import { oracleCloudApiKeyConfig } from './oracle.js';

const fingerprint = randomText(HEX, 32, 1).replace(/(..)(?!$)/g, '$1:');
const user = `ocid1.user.oc1..${randomText('abcdefghijklmnopqrstuvwxyz0123456789', 60, 2)}`;

describeDetectors([
  {
    detector: oracleCloudApiKeyConfig,
    found: [
      {
        text: `[DEFAULT]\nuser=${user}\nfingerprint=${fingerprint}\nkey_file=~/.oci/oci_api_key.pem\ntenancy=ocid1.tenancy.oc1..aaaa\nregion=eu-frankfurt-1\n`,
        secret: fingerprint,
      },
      { text: `provider "oci" {\n  user_ocid   = "${user}"\n  fingerprint = "${fingerprint}"\n}`, secret: fingerprint },
    ],
    ignored: [
      { why: 'a fingerprint without a user OCID', text: `fingerprint=${fingerprint}` },
      { why: 'an SSH-style fingerprint of the wrong length', text: `user=${user}\nfingerprint=${fingerprint.slice(0, 44)}` },
    ],
  },
]);
