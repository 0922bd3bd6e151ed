import type { SecretDetector } from '../../types.js';
import { decodeBase64Json, hasKeys, prefixed, structural } from './support.js';

export const mapboxSecretToken: SecretDetector = {
  id: 'mapbox-secret-token',
  title: 'Mapbox secret access token',
  severity: 'high',
  keywords: ['sk.eyj'],
  // `sk.<base64url JSON {"u": user, "a": id}>.<signature>`; public `pk.` tokens are mapbox-public-token.
  pattern: prefixed('sk.', 'eyJ[A-Za-z0-9_-]{20,200}\\.[A-Za-z0-9_-]{20,40}'),
  validate: structural((secret) => hasKeys(decodeBase64Json(secret.split('.')[1] ?? ''), ['u'])),
  remediation: 'Delete the token at account.mapbox.com/access-tokens and create a new one with only the scopes needed.',
  references: ['https://docs.mapbox.com/accounts/guides/tokens/'],
  aliases: { gitleaks: ['mapbox-api-token'], trufflehog: ['MapBox'] },
};

/**
 * Public tokens are made to ship in web pages and apps (Mapbox GL JS requires one in the browser), so one in code is
 * no leak; reported low so that its URL restrictions and scopes get a look.
 */
export const mapboxPublicToken: SecretDetector = {
  id: 'mapbox-public-token',
  title: 'Mapbox public access token',
  severity: 'low',
  keywords: ['pk.eyj'],
  pattern: prefixed('pk.', 'eyJ[A-Za-z0-9_-]{20,200}\\.[A-Za-z0-9_-]{20,40}'),
  validate: structural((secret) => hasKeys(decodeBase64Json(secret.split('.')[1] ?? ''), ['u'])),
  rationale:
    'Mapbox public tokens (pk.) are public by design: Mapbox documents them for client-side use, where every visitor can read them, and they carry only public read scopes. What limits their misuse (map loads billed to the account) is a URL restriction on the token, which is why it is reported at all, as low.',
  remediation:
    'No need to hide it: add URL restrictions to the token at account.mapbox.com/access-tokens so only your sites can use it, and make sure it has no secret scopes (those need an sk. token kept server side).',
  references: ['https://docs.mapbox.com/accounts/guides/tokens/', 'https://docs.mapbox.com/accounts/guides/tokens/#url-restrictions'],
  aliases: { trufflehog: ['MapBox'] },
};

export const MAPBOX_DETECTORS = [mapboxSecretToken, mapboxPublicToken];
