import type { SecretDetector } from '../../types.js';
import { ADYEN_DETECTORS } from './adyen.js';
import { AGE_DETECTORS } from './age.js';
import { AIRTABLE_DETECTORS } from './airtable.js';
import { ALGOLIA_DETECTORS } from './algolia.js';
import { ASANA_DETECTORS } from './asana.js';
import { AUTH0_DETECTORS } from './auth0.js';
import { BOX_DETECTORS } from './box.js';
import { BRAINTREE_DETECTORS } from './braintree.js';
import { CONFLUENT_DETECTORS } from './confluent.js';
import { CONTENTFUL_DETECTORS } from './contentful.js';
import { DATABRICKS_DETECTORS } from './databricks.js';
import { DISCORD_DETECTORS } from './discord.js';
import { DROPBOX_DETECTORS } from './dropbox.js';
import { ELASTIC_DETECTORS } from './elastic.js';
import { FACEBOOK_DETECTORS } from './facebook.js';
import { FIGMA_DETECTORS } from './figma.js';
import { FIREBASE_DETECTORS } from './firebase.js';
import { FRAMEIO_DETECTORS } from './frameio.js';
import { HUBSPOT_DETECTORS } from './hubspot.js';
import { INTERCOM_DETECTORS } from './intercom.js';
import { LAUNCHDARKLY_DETECTORS } from './launchdarkly.js';
import { LINEAR_DETECTORS } from './linear.js';
import { RAMPART_DETECTORS } from './rampart.js';
import { LINKEDIN_DETECTORS } from './linkedin.js';
import { MAILCHIMP_DETECTORS } from './mailchimp.js';
import { MAILGUN_DETECTORS } from './mailgun.js';
import { MANDRILL_DETECTORS } from './mandrill.js';
import { MAPBOX_DETECTORS } from './mapbox.js';
import { MONGODB_ATLAS_DETECTORS } from './mongodb-atlas.js';
import { NOTION_DETECTORS } from './notion.js';
import { OKTA_DETECTORS } from './okta.js';
import { PLANETSCALE_DETECTORS } from './planetscale.js';
import { POSTMAN_DETECTORS } from './postman.js';
import { POSTMARK_DETECTORS } from './postmark.js';
import { SEGMENT_DETECTORS } from './segment.js';
import { SENDGRID_DETECTORS } from './sendgrid.js';
import { SENTRY_DETECTORS } from './sentry.js';
import { SHIPPO_DETECTORS } from './shippo.js';
import { SHOPIFY_DETECTORS } from './shopify.js';
import { SLACK_DETECTORS } from './slack.js';
import { SQUARE_DETECTORS } from './square.js';
import { STRIPE_DETECTORS } from './stripe.js';
import { TEAMS_DETECTORS } from './teams.js';
import { TELEGRAM_DETECTORS } from './telegram.js';
import { TWILIO_DETECTORS } from './twilio.js';
import { TWITCH_DETECTORS } from './twitch.js';
import { TWITTER_DETECTORS } from './twitter.js';
import { TYPEFORM_DETECTORS } from './typeform.js';
import { ZENDESK_DETECTORS } from './zendesk.js';

/** Chat, messaging, email, payment, productivity and data-platform secrets. */
export const DETECTORS: SecretDetector[] = [
  ...ADYEN_DETECTORS,
  ...AGE_DETECTORS,
  ...AIRTABLE_DETECTORS,
  ...ALGOLIA_DETECTORS,
  ...ASANA_DETECTORS,
  ...AUTH0_DETECTORS,
  ...BOX_DETECTORS,
  ...BRAINTREE_DETECTORS,
  ...CONFLUENT_DETECTORS,
  ...CONTENTFUL_DETECTORS,
  ...DATABRICKS_DETECTORS,
  ...DISCORD_DETECTORS,
  ...DROPBOX_DETECTORS,
  ...ELASTIC_DETECTORS,
  ...FACEBOOK_DETECTORS,
  ...FIGMA_DETECTORS,
  ...FIREBASE_DETECTORS,
  ...FRAMEIO_DETECTORS,
  ...HUBSPOT_DETECTORS,
  ...INTERCOM_DETECTORS,
  ...LAUNCHDARKLY_DETECTORS,
  ...LINEAR_DETECTORS,
  ...RAMPART_DETECTORS,
  ...LINKEDIN_DETECTORS,
  ...MAILCHIMP_DETECTORS,
  ...MAILGUN_DETECTORS,
  ...MANDRILL_DETECTORS,
  ...MAPBOX_DETECTORS,
  ...MONGODB_ATLAS_DETECTORS,
  ...NOTION_DETECTORS,
  ...OKTA_DETECTORS,
  ...PLANETSCALE_DETECTORS,
  ...POSTMAN_DETECTORS,
  ...POSTMARK_DETECTORS,
  ...SEGMENT_DETECTORS,
  ...SENDGRID_DETECTORS,
  ...SENTRY_DETECTORS,
  ...SHIPPO_DETECTORS,
  ...SHOPIFY_DETECTORS,
  ...SLACK_DETECTORS,
  ...SQUARE_DETECTORS,
  ...STRIPE_DETECTORS,
  ...TEAMS_DETECTORS,
  ...TELEGRAM_DETECTORS,
  ...TWILIO_DETECTORS,
  ...TWITCH_DETECTORS,
  ...TWITTER_DETECTORS,
  ...TYPEFORM_DETECTORS,
  ...ZENDESK_DETECTORS,
];
