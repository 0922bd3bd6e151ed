import { describeDetectors } from '../testing/cases.js';
import { BASE62, randomText } from '../testing/tokens.js';
import { alibabaAccessKeyId, alibabaAccessKeySecret } from './alibaba.js';

const keyId = `LTAI${randomText(BASE62, 20, 1)}`;
const oldKeyId = `LTAI${randomText(BASE62, 12, 2)}`;
const secret = randomText(BASE62, 30, 3);

describeDetectors([
  {
    detector: alibabaAccessKeyId,
    found: [
      { text: `ALIBABA_CLOUD_ACCESS_KEY_ID=${keyId}`, secret: keyId },
      { text: `access_key: "${oldKeyId}"`, secret: oldKeyId },
    ],
    ignored: [
      { why: 'a placeholder', text: 'access_key: LTAIxxxxxxxxxxxxxxxxxxxx' },
      { why: 'a too-long value', text: `access_key: ${keyId}${randomText(BASE62, 5, 4)}` },
    ],
  },
  {
    detector: alibabaAccessKeySecret,
    found: [
      { text: `ALIBABA_CLOUD_ACCESS_KEY_SECRET=${secret}`, secret },
      { text: `{"AccessKeySecret": "${secret}"}`, secret },
    ],
    ignored: [
      { why: 'a value without context', text: `password = ${secret}` },
      { why: 'a word-like value', text: `aliyun_secret = ReplaceWithYourAccessKeySecretX` },
    ],
  },
]);
