import type { SecretDetector } from '../../types.js';
import { UUID, assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from './support.js';

export const mongodbAtlasPassword: SecretDetector = {
  id: 'mongodb-atlas-connection-password',
  title: 'MongoDB Atlas connection string with password',
  severity: 'high',
  keywords: ['mongodb.net'],
  pattern:
    /mongodb(?:\+srv)?:\/\/[^\s:@/'"]{1,64}:(?<secret>[^\s@/'"]{3,128})@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,4}\.mongodb\.net/,
  // Templates (`<password>`, `${DB_PASSWORD}`, `%s`) are not credentials.
  validate: structural((secret) => !/^(?:<.*>|\$\{.*\}|\$[A-Z_]+|%s|\*+|\{\{.*\}\})$/.test(secret)),
  remediation:
    'Change the database user password in Atlas (Database Access > Edit > Edit Password) and load the connection string from a secret store.',
  references: ['https://www.mongodb.com/docs/atlas/security-add-mongodb-users/'],
  aliases: { trufflehog: ['MongoDB'] },
};

export const mongodbAtlasApiKey: SecretDetector = {
  id: 'mongodb-atlas-api-private-key',
  title: 'MongoDB Atlas API private key',
  severity: 'high',
  keywords: ['atlas'],
  pattern: assignmentPattern('atlas', UUID, VENDOR_SETTING),
  validate: structural((secret) => looksRandom(secret.replace(/-/g, ''))),
  remediation: 'Delete the API key in Atlas (Organization Access Manager > API Keys) or rotate the service account secret.',
  references: ['https://www.mongodb.com/docs/atlas/configure-api-access/'],
  aliases: { trufflehog: ['MongoDB'] },
};

export const MONGODB_ATLAS_DETECTORS = [mongodbAtlasPassword, mongodbAtlasApiKey];
