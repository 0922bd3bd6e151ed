import { describeDetectors } from '../testing/cases.js';
import { BASE62, BASE64URL, HEX, randomText } from '../testing/tokens.js';
import { dopplerToken } from './doppler.js';
import { flyioToken } from './flyio.js';
import { netlifyAccessToken } from './netlify.js';
import { pulumiAccessToken } from './pulumi.js';
import { supabaseAccessToken } from './supabase.js';
import { terraformCloudToken } from './terraform.js';
import { vercelAccessToken } from './vercel.js';

const tfc = `${randomText(BASE62, 14, 1)}.atlasv1.${randomText(BASE64URL, 67, 2)}`;
const pulumi = `pul-${randomText(HEX, 40, 3)}`;
const dopplerPersonal = `dp.pt.${randomText(BASE62, 43, 4)}`;
const dopplerService = `dp.st.prd.${randomText(BASE62, 43, 5)}`;
const flyOauth = `fo1_${randomText(BASE64URL, 43, 6)}`;
const flyMacaroon = `fm2_${randomText(`${BASE62}+/`, 400, 7)}`;
const netlify = randomText(BASE64URL, 43, 8);
const vercel = randomText(BASE62, 24, 9);
const supabase = `sbp_${randomText(HEX, 40, 10)}`;

describeDetectors([
  {
    detector: terraformCloudToken,
    found: [
      { text: `credentials "app.terraform.io" {\n  token = "${tfc}"\n}`, secret: tfc },
      { text: `export TF_TOKEN_app_terraform_io=${tfc}`, secret: tfc },
    ],
    ignored: [
      { why: 'a too-short payload', text: `token = "${randomText(BASE62, 14, 11)}.atlasv1.${randomText(BASE62, 30, 12)}"` },
      { why: 'a placeholder', text: `token = "xxxxxxxxxxxxxx.atlasv1.${'x'.repeat(67)}"` },
    ],
  },
  {
    detector: pulumiAccessToken,
    found: [
      { text: `export PULUMI_ACCESS_TOKEN=${pulumi}`, secret: pulumi },
      { text: `env:\n  PULUMI_ACCESS_TOKEN: "${pulumi}"`, secret: pulumi },
    ],
    ignored: [
      { why: 'a placeholder', text: `PULUMI_ACCESS_TOKEN=pul-${'0'.repeat(40)}` },
      { why: 'a 39-hex value', text: `PULUMI_ACCESS_TOKEN=pul-${randomText(HEX, 39, 13)}` },
    ],
  },
  {
    detector: dopplerToken,
    found: [
      { text: `export DOPPLER_TOKEN=${dopplerPersonal}`, secret: dopplerPersonal },
      { text: `doppler run --token ${dopplerService} -- ./start.sh`, secret: dopplerService },
    ],
    ignored: [
      { why: 'a placeholder', text: `DOPPLER_TOKEN=dp.pt.${'x'.repeat(43)}` },
      { why: 'an unknown token kind', text: `DOPPLER_TOKEN=dp.zz.${randomText(BASE62, 43, 14)}` },
    ],
  },
  {
    detector: flyioToken,
    found: [
      { text: `FLY_API_TOKEN=${flyOauth}`, secret: flyOauth },
      { text: `fly deploy --access-token "FlyV1 ${flyMacaroon}"`, secret: flyMacaroon },
    ],
    ignored: [
      { why: 'a short macaroon-like value', text: `FLY_API_TOKEN=fm2_${randomText(BASE62, 40, 15)}` },
      { why: 'a placeholder', text: `FLY_API_TOKEN=fo1_${'x'.repeat(43)}` },
    ],
  },
  {
    detector: netlifyAccessToken,
    found: [
      { text: `export NETLIFY_AUTH_TOKEN=${netlify}`, secret: netlify },
      { text: `{"netlify_token": "${netlify}"}`, secret: netlify },
    ],
    ignored: [
      { why: 'a site ID (UUID)', text: `NETLIFY_SITE_ID=${randomText(HEX, 8, 16)}-${randomText(HEX, 4, 17)}-4abc-8def-${randomText(HEX, 12, 18)}` },
      { why: 'a placeholder', text: `NETLIFY_AUTH_TOKEN=${'x'.repeat(43)}` },
    ],
  },
  {
    detector: vercelAccessToken,
    found: [
      { text: `export VERCEL_TOKEN=${vercel}`, secret: vercel },
      { text: `- name: Deploy\n  run: npx vercel --token=${vercel} --prod`, secret: vercel },
    ],
    ignored: [
      { why: 'a project ID', text: 'VERCEL_PROJECT_ID=prj_2r8mxxqPzDiLh0a3JqPe7c8s' },
      { why: 'a word-like value', text: 'VERCEL_TOKEN=yourVercelTokenGoesHereOk' },
    ],
  },
  {
    detector: supabaseAccessToken,
    found: [
      { text: `export SUPABASE_ACCESS_TOKEN=${supabase}`, secret: supabase },
      { text: `supabase login --token ${supabase}`, secret: supabase },
    ],
    ignored: [
      { why: 'a placeholder', text: `SUPABASE_ACCESS_TOKEN=sbp_${'0'.repeat(40)}` },
      { why: 'a longer value', text: `SUPABASE_ACCESS_TOKEN=${supabase}abc` },
    ],
  },
]);
