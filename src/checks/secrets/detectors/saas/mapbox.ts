import type { SecretDetector } from '../../types.js';
import { decodeBase64Json, hasKeys, prefixed, structural } from './support.js';

export const mapboxSecretToken: SecretDetector = {
  id: 'mapbox-secret-token',
  title: 'Mapbox secret access token',
  severity: 'high',
  keywords: ['sk.eyj'],
  // Secret tokens are `sk.<base64url JSON {"u": user, "a": id}>.<signature>`; public `pk.` tokens are not matched.
  pattern: prefixed('sk.', 'eyJ[A-Za-z0-9_-]{20,200}\\.[A-Za-z0-9_-]{20,40}'),
  validate: structural((secret) => hasKeys(decodeBase64Json(secret.split('.')[1] ?? ''), ['u'])),
  remediation: 'Delete the token at account.mapbox.com/access-tokens and create a new one with only the scopes needed.',
  references: ['https://docs.mapbox.com/accounts/guides/tokens/'],
  aliases: { gitleaks: ['mapbox-api-token'], trufflehog: ['MapBox'] },
};

export const MAPBOX_DETECTORS = [mapboxSecretToken];
