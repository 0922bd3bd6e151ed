import { assignmentPattern } from '../assignment.js';
import type { SecretDetector } from '../../types.js';

export const hexApiKey: SecretDetector = {
  id: 'hex-api-key',
  title: 'Hex.pm API key',
  severity: 'high',
  keywords: ['hex_api_key', 'hexpm'],
  pattern: assignmentPattern(
    String.raw`hex_api_key|hexpm[\w.-]{0,20}?key`,
    '[a-f0-9]{32}',
    { secretCase: 'insensitive', nesting: 'none' },
  ),
  minEntropy: 3,
  remediation: 'Revoke the key (`mix hex.user key revoke <name>` or hex.pm dashboard > Keys) and generate one with only the api:write permission needed.',
  references: ['https://hex.pm/docs/publish'],
};

export const DETECTORS: SecretDetector[] = [hexApiKey];
