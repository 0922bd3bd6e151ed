import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from './support.js';

/** Our own server's API tokens (`rampart serve token create`): `rmp_` and 32 random bytes in base64url. */
export const rampartApiToken: SecretDetector = {
  id: 'rampart-api-token',
  title: 'Rampart server API token',
  severity: 'high',
  keywords: ['rmp_'],
  pattern: prefixed('rmp_', '[A-Za-z0-9_-]{43}'),
  validate: structural((secret) => looksRandom(secret.slice(4))),
  remediation: 'Revoke the token on the server (`DELETE /api/v1/tokens/{id}` with an admin token) and create a new one with `rampart serve token create`; give CI its token through a secret store, never in a file.',
  references: ['https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html'],
  aliases: {},
};

export const RAMPART_DETECTORS = [rampartApiToken];
