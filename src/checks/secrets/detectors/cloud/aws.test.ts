import { describeDetectors } from '../testing/cases.js';
import { BASE62, randomText, UPPER } from '../testing/tokens.js';
import { awsAccessKeyId, awsSecretAccessKey, awsSessionToken } from './aws.js';

const BASE32 = `${UPPER}234567`;
const keyId = `AKIA${randomText(BASE32, 16, 1)}`;
const tempKeyId = `ASIA${randomText(BASE32, 16, 2)}`;
const secretKey = randomText(`${BASE62}+/`, 40, 3);
const sessionToken = `IQoJb3JpZ2luX2VjE${randomText(`${BASE62}+/`, 300, 4)}`;

describeDetectors([
  {
    detector: awsAccessKeyId,
    found: [
      { text: `export AWS_ACCESS_KEY_ID=${keyId}\n`, secret: keyId },
      { text: `[default]\naws_access_key_id = ${tempKeyId}\n`, secret: tempKeyId },
      { text: `{"AccessKeyId": "${keyId}"}`, secret: keyId },
    ],
    ignored: [
      { why: 'the documented example key', text: 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE' },
      { why: 'a placeholder', text: 'AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX' },
      { why: 'a longer random string', text: `id: ${keyId}ABC` },
      { why: 'characters outside base32', text: `id: AKIA${randomText(BASE32, 15, 1)}1` },
    ],
  },
  {
    detector: awsSecretAccessKey,
    found: [
      { text: `[default]\naws_secret_access_key = ${secretKey}\n`, secret: secretKey },
      { text: `export AWS_SECRET_ACCESS_KEY="${secretKey}"`, secret: secretKey },
      { text: `{"Credentials": {"SecretAccessKey": "${secretKey}"}}`, secret: secretKey },
      { text: `env:\n  - name: AWS_SECRET_ACCESS_KEY\n    value: ${secretKey}\n`, secret: secretKey },
    ],
    ignored: [
      { why: 'the documented example secret', text: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      { why: 'a 40-character value without context', text: `checksum = ${secretKey}` },
      { why: 'a 41-character value', text: `aws_secret_access_key = ${secretKey}Z` },
      { why: 'a low-entropy placeholder', text: `aws_secret_access_key = ${'ab'.repeat(20)}` },
    ],
  },
  {
    detector: awsSessionToken,
    found: [
      { text: `aws_session_token = ${sessionToken}\n`, secret: sessionToken },
      { text: `export AWS_SESSION_TOKEN='${sessionToken}'`, secret: sessionToken },
    ],
    ignored: [
      { why: 'a short value', text: `aws_session_token = ${randomText(BASE62, 60, 5)}` },
      { why: 'a variable reference', text: 'aws_session_token = ${AWS_SESSION_TOKEN}' },
    ],
  },
]);
