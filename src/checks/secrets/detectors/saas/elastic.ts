import type { SecretDetector } from '../../types.js';
import { decodeBase64 } from '../checksum.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING } from './support.js';

/** Elasticsearch's encoded API key is base64 of `<id>:<api key>`. */
function isEncodedApiKey(secret: string): boolean {
  if (secret.startsWith('essu_')) return true;
  const decoded = decodeBase64(secret)?.toString('latin1');
  return decoded !== undefined && /^[\w-]{16,32}:[\w-]{16,64}$/.test(decoded);
}

export const elasticApiKey: SecretDetector = {
  id: 'elastic-api-key',
  title: 'Elastic Cloud / Elasticsearch API key',
  severity: 'high',
  keywords: ['elastic', 'essu_', 'apikey'],
  pattern: assignmentPattern(
    'elastic|apikey',
    '(?:essu_[A-Za-z0-9+/]{40,120}={0,2}|[A-Za-z0-9+/]{40,100}={0,2})',
    { ...VENDOR_SETTING, end: '(?![A-Za-z0-9_+/=-])' },
  ),
  validate: (secret) => (isEncodedApiKey(secret) ? 'structure' : false),
  remediation:
    'Invalidate the key (Kibana > Stack Management > API keys, the Elastic Cloud console, or POST /_security/api_key/_invalidate) and create a new one with restricted privileges.',
  references: ['https://www.elastic.co/docs/deploy-manage/api-keys/elasticsearch-api-keys'],
  aliases: { trufflehog: ['ElasticCloud'] },
};

export const ELASTIC_DETECTORS = [elasticApiKey];
