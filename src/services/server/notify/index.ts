export { DELIVERY_HEADER, signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './deliver.js';
export {
  createNotifier,
  memorySentLog,
  type DeliveryStatus,
  type NotificationTarget,
  type Notifier,
  type NotifierOptions,
  type SentLog,
  type TargetResult,
} from './notifier.js';
export { changeKey, MAX_LISTED, slackPayload, webhookPayload, type ImageChange, type PayloadVulnerability, type WebhookPayload } from './payload.js';
