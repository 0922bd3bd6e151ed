import { crc32 } from 'node:zlib';
import type { SecretDetector } from '../../types.js';
import { decodeBase64Json, hasKeys, prefixed, structural } from '../saas/support.js';

/**
 * `glsa_<32 base62>_<8 hex>`: the suffix is the CRC32 (IEEE) of `glsa_<random part>`, written little-endian in hex, as
 * Grafana's token generator computes it. A string that fails it was not issued by Grafana and is rejected.
 */
function hasValidChecksum(secret: string): boolean {
  const separator = secret.lastIndexOf('_');
  const expected = Buffer.alloc(4);
  expected.writeUInt32LE(crc32(secret.slice(0, separator)));
  return expected.toString('hex') === secret.slice(separator + 1);
}

export const grafanaCloudToken: SecretDetector = {
  id: 'grafana-cloud-token',
  title: 'Grafana Cloud access policy token',
  severity: 'high',
  keywords: ['glc_'],
  // `glc_` + base64 of `{"o": org, "n": token name, "k": key, "m": {"r": region}}`. Long names make long tokens, and
  // tools that pass it in URLs turn it into URL-safe base64; what is checked is the decoded object: a key `k` and the
  // org or name it belongs to. A `glc_` string that does not decode to that is not a token.
  pattern: prefixed('glc_', '[A-Za-z0-9+/_-]{32,1000}={0,2}', '(?![A-Za-z0-9_+/=-])'),
  validate: structural((secret) => {
    const claims = decodeBase64Json(secret.slice(4));
    return hasKeys(claims, ['k']) && (hasKeys(claims, ['o']) || hasKeys(claims, ['n']));
  }),
  remediation:
    'Delete the token in the Grafana Cloud portal (Administration > Cloud access policies > token > Delete) and create a new one.',
  references: ['https://grafana.com/docs/grafana-cloud/security-and-account-management/authentication-and-permissions/access-policies/'],
  aliases: { gitleaks: ['grafana-cloud-api-token'], trufflehog: ['Grafana'] },
};

export const grafanaServiceAccountToken: SecretDetector = {
  id: 'grafana-service-account-token',
  title: 'Grafana service account token',
  severity: 'high',
  keywords: ['glsa_'],
  pattern: prefixed('glsa_', '[A-Za-z0-9]{32}_[a-f0-9]{8}'),
  validate: (secret) => (hasValidChecksum(secret) ? 'checksum' : false),
  keepPlaceholders: true,
  remediation:
    'Delete the token in Grafana (Administration > Users and access > Service accounts > account > Tokens) and add a new one.',
  references: ['https://grafana.com/docs/grafana/latest/administration/service-accounts/'],
  aliases: { gitleaks: ['grafana-service-account-token'], trufflehog: ['GrafanaServiceAccount'] },
};

export const grafanaApiKey: SecretDetector = {
  id: 'grafana-api-key',
  title: 'Grafana legacy API key',
  severity: 'high',
  keywords: ['eyjrijoi'],
  // Base64 of `{"k":…,"n":…,"id":…}`; the prefix is `{"k":"` encoded.
  pattern: prefixed('eyJrIjoi', '[A-Za-z0-9+/]{40,120}={0,2}', '(?![A-Za-z0-9_+/=-])'),
  validate: structural((secret) => hasKeys(decodeBase64Json(secret), ['k', 'n', 'id'])),
  remediation: 'Delete the API key in Grafana (Administration > API keys) and migrate to a service account token.',
  references: ['https://grafana.com/docs/grafana/latest/administration/service-accounts/migrate-api-keys/'],
  aliases: { gitleaks: ['grafana-api-key'], trufflehog: ['Grafana'] },
};

export const GRAFANA_DETECTORS = [grafanaCloudToken, grafanaServiceAccountToken, grafanaApiKey];
