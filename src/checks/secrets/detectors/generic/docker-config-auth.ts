import { decodeBase64 } from '../checksum.js';
import { isPlaceholder } from '../../search/placeholders.js';
import type { SecretDetector } from '../../types.js';

/** `"auth"` in ~/.docker/config.json is base64 of `user:password`. */
export const dockerConfigAuth: SecretDetector = {
  id: 'docker-config-auth',
  title: 'Registry credentials in a Docker config.json',
  severity: 'high',
  keywords: ['"auth"'],
  pattern: /"auth"\s{0,4}:\s{0,4}"(?<secret>[A-Za-z0-9+/]{8,4096}={0,2})"/,
  validate: (secret) => {
    const text = decodeBase64(secret)?.toString('utf8') ?? '';
    const credentials = /^([\x21-\x7e][\x20-\x7e]*):([\x20-\x7e]+)$/.exec(text);
    return credentials && !isPlaceholder(credentials[2]!) ? 'structure' : false;
  },
  remediation:
    'Change the registry password or revoke the access token, use a credential helper (`credsStore`) locally, and an image pull Secret created from a secret store in clusters.',
  references: ['https://docs.docker.com/reference/cli/docker/login/#credential-stores'],
  aliases: { trufflehog: ['DockerHub'] },
};
