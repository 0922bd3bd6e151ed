import { describe } from 'vitest';
import { ADYEN_DETECTORS } from './adyen.js';
import { BRAINTREE_DETECTORS } from './braintree.js';
import { SHOPIFY_DETECTORS } from './shopify.js';
import { SQUARE_DETECTORS } from './square.js';
import { STRIPE_DETECTORS } from './stripe.js';
import { ALNUM, BASE64, BASE64URL, HEX, LOWER_ALNUM, describeDetectors, random } from './testing.js';

const live = `sk_live_51${random(ALNUM, 97)}`;
const liveShort = `sk_live_${random(ALNUM, 24)}`;
const restricted = `rk_live_${random(ALNUM, 99)}`;
const test = `sk_test_${random(ALNUM, 24)}`;
const whsec = `whsec_${random(ALNUM, 32)}`;
// `stripe listen` prints a 64-hex signing secret for the local endpoint.
const whsecCli = `whsec_${random(HEX, 64)}`;
const testLong = `sk_test_51${random(ALNUM, 97)}`;
const braintree = `access_token$production$${random(LOWER_ALNUM, 16)}$${random(HEX, 32)}`;
const squareLegacy = `sq0atp-${random(BASE64URL, 22)}`;
const squareCurrent = `EAAA${random(BASE64URL, 60)}`;
const squareSecret = `sq0csp-${random(BASE64URL, 43)}`;
const adyen = `AQE${random(ALNUM, 5)}.${random(BASE64, 70)}=-${random(BASE64, 40)}=`;
const shpat = `shpat_${random(HEX, 32)}`;
const shppa = `shppa_${random(HEX, 32)}`;
const shpss = `shpss_${random(HEX, 32)}`;

describe('payment detectors', () => {
  describeDetectors([...STRIPE_DETECTORS, ...BRAINTREE_DETECTORS, ...SQUARE_DETECTORS, ...ADYEN_DETECTORS, ...SHOPIFY_DETECTORS], {
    'stripe-secret-key': {
      truePositives: [
        { text: `STRIPE_SECRET_KEY=${live}`, secret: live },
        { text: `Stripe.api_key = "${liveShort}"`, secret: liveShort },
      ],
      falsePositives: ['STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', `sk_live_${random(ALNUM, 12)}`, `pk_live_${random(ALNUM, 24)}`],
    },
    'stripe-restricted-key': {
      truePositives: [
        { text: `stripe:\n  restrictedKey: ${restricted}\n`, secret: restricted },
        { text: `{"key": "${restricted}"}`, secret: restricted },
      ],
      falsePositives: ['rk_live_XXXXXXXXXXXXXXXXXXXXXXXXXXXX', `rk_live_${random(ALNUM, 20)}`],
    },
    'stripe-test-key': {
      truePositives: [
        { text: `STRIPE_KEY=${test}`, secret: test },
        { text: `stripe.setApiKey('${test.replace('sk_', 'rk_')}')`, secret: test.replace('sk_', 'rk_') },
        { text: `STRIPE_SECRET_KEY="${testLong}"`, secret: testLong },
      ],
      falsePositives: ['sk_test_4eC39HqLyjWDarjtT1zdp7dcxxxxxxxx'.replace(/[a-z0-9]/gi, 'x'), `pk_test_${random(ALNUM, 24)}`],
    },
    'stripe-webhook-secret': {
      truePositives: [
        { text: `STRIPE_WEBHOOK_SECRET=${whsec}`, secret: whsec },
        { text: `endpoint_secret = '${whsec}'`, secret: whsec },
        { text: `Ready! Your webhook signing secret is ${whsecCli} (^C to quit)`, secret: whsecCli },
      ],
      falsePositives: ['STRIPE_WEBHOOK_SECRET=whsec_...', `whsec_${'x'.repeat(32)}`],
    },
    'braintree-access-token': {
      truePositives: [
        { text: `BRAINTREE_ACCESS_TOKEN=${braintree}`, secret: braintree },
        { text: `gateway = braintree.BraintreeGateway(access_token="${braintree}")`, secret: braintree },
      ],
      falsePositives: [
        `access_token$sandbox$${random(LOWER_ALNUM, 16)}$${random(HEX, 32)}`,
        `access_token$production$${random(LOWER_ALNUM, 16)}$${'0'.repeat(32)}`,
      ],
    },
    'square-access-token': {
      truePositives: [
        { text: `SQUARE_ACCESS_TOKEN=${squareCurrent}`, secret: squareCurrent },
        { text: `token: "${squareLegacy}"`, secret: squareLegacy },
      ],
      falsePositives: [`# square payments\nFB_TOKEN=${squareCurrent}`, `SQUARE_ACCESS_TOKEN=EAAA${'A'.repeat(60)}`],
    },
    'square-oauth-secret': {
      truePositives: [
        { text: `SQUARE_APP_SECRET=${squareSecret}`, secret: squareSecret },
        { text: `{"application_secret": "${squareSecret}"}`, secret: squareSecret },
      ],
      falsePositives: [`sq0csp-${random(BASE64URL, 30)}`, `sq0csp-${'-'.repeat(43)}`],
    },
    'adyen-api-key': {
      truePositives: [
        { text: `ADYEN_API_KEY=${adyen}`, secret: adyen },
        { text: `adyen:\n  apiKey: "${adyen}"`, secret: adyen },
      ],
      falsePositives: [`ADYEN_API_KEY=AQE${'A'.repeat(80)}`, `api_key = "${adyen}"`],
    },
    'shopify-access-token': {
      truePositives: [
        { text: `SHOPIFY_ACCESS_TOKEN=${shpat}`, secret: shpat },
        { text: `headers: { 'X-Shopify-Access-Token': '${shppa}' }`, secret: shppa },
      ],
      falsePositives: [`shpat_${'0'.repeat(32)}`, `shpat_${random(HEX, 31)}`, `shpat_${random(HEX, 32)}g`],
    },
    'shopify-shared-secret': {
      truePositives: [
        { text: `SHOPIFY_API_SECRET=${shpss}`, secret: shpss },
        { text: `secret: "${shpss}"`, secret: shpss },
      ],
      falsePositives: [`shpss_${'f'.repeat(32)}`, `shpss_${random(LOWER_ALNUM, 32)}`],
    },
  });
});
