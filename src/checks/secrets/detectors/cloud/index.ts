import type { SecretDetector } from '../../types.js';
import { DETECTORS as ALIBABA } from './alibaba.js';
import { DETECTORS as AWS } from './aws.js';
import { DETECTORS as AZURE } from './azure.js';
import { DETECTORS as CLOUDFLARE } from './cloudflare.js';
import { DETECTORS as DIGITALOCEAN } from './digitalocean.js';
import { DETECTORS as DOPPLER } from './doppler.js';
import { DETECTORS as FLYIO } from './flyio.js';
import { DETECTORS as GCP } from './gcp.js';
import { DETECTORS as HEROKU } from './heroku.js';
import { DETECTORS as IBM } from './ibm.js';
import { DETECTORS as LINODE } from './linode.js';
import { DETECTORS as NETLIFY } from './netlify.js';
import { DETECTORS as OPENSHIFT } from './openshift.js';
import { DETECTORS as ORACLE } from './oracle.js';
import { DETECTORS as PULUMI } from './pulumi.js';
import { DETECTORS as SCALEWAY } from './scaleway.js';
import { DETECTORS as SUPABASE } from './supabase.js';
import { DETECTORS as TERRAFORM } from './terraform.js';
import { DETECTORS as VAULT } from './vault.js';
import { DETECTORS as VERCEL } from './vercel.js';
import { DETECTORS as VULTR } from './vultr.js';

/** Cloud providers, infrastructure-as-code and secret-management platforms. */
export const DETECTORS: SecretDetector[] = [
  ...AWS,
  ...GCP,
  ...AZURE,
  ...ALIBABA,
  ...IBM,
  ...ORACLE,
  ...DIGITALOCEAN,
  ...LINODE,
  ...VULTR,
  ...SCALEWAY,
  ...HEROKU,
  ...OPENSHIFT,
  ...CLOUDFLARE,
  ...VAULT,
  ...TERRAFORM,
  ...PULUMI,
  ...DOPPLER,
  ...FLYIO,
  ...NETLIFY,
  ...VERCEL,
  ...SUPABASE,
];
