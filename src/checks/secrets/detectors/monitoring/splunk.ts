import type { SecretDetector } from '../../types.js';
import { UUID, assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from '../saas/support.js';

export const splunkHecToken: SecretDetector = {
  id: 'splunk-hec-token',
  title: 'Splunk HTTP Event Collector token',
  severity: 'high',
  keywords: ['splunk', 'hec'],
  // Named after Splunk/HEC, or sent as `Authorization: Splunk <token>`.
  pattern: assignmentPattern('splunk|hec', `(?:${UUID}|${UUID.replace(/a-f/g, 'A-F')})`, VENDOR_SETTING),
  // The name (6), its tail (30), a child key with separators (43), separators (8) and the UUID (36) span at most 123
  // characters: windows that wide, not the default 1 KiB, around the many `hec`s of `check` and `cache`.
  maxMatchLength: 160,
  validate: structural((secret) => looksRandom(secret.replace(/-/g, ''))),
  remediation: 'Delete or disable the token in Splunk (Settings > Data inputs > HTTP Event Collector) and create a new one.',
  references: ['https://docs.splunk.com/Documentation/Splunk/latest/Data/UsetheHTTPEventCollector'],
  aliases: { trufflehog: ['SplunkObservabilityToken'] },
};

export const SPLUNK_DETECTORS = [splunkHecToken];
