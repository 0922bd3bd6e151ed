import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from './support.js';

export const firebaseCloudMessagingKey: SecretDetector = {
  id: 'firebase-cloud-messaging-server-key',
  title: 'Firebase Cloud Messaging legacy server key',
  severity: 'high',
  keywords: [':apa91b'],
  pattern: prefixed('AAAA', '[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}'),
  validate: structural((secret) => looksRandom(secret.slice(secret.indexOf(':') + 7), 20)),
  remediation:
    'Delete the server key in the Firebase console (Project settings > Cloud Messaging) and migrate to the HTTP v1 API with short-lived OAuth tokens.',
  references: ['https://firebase.google.com/docs/cloud-messaging/migrate-v1'],
  aliases: { trufflehog: ['FirebaseCloudMessaging'] },
};

export const FIREBASE_DETECTORS = [firebaseCloudMessagingKey];
