import { describe } from 'vitest';
import { ALNUM, BASE64URL, HEX, describeDetectors, random } from '../saas/testing.js';
import { DETECTORS } from './index.js';

const LETTERS = ALNUM.replace(/\d/g, '');
const openai = (prefix: string, half: number) =>
  `sk-${prefix}${random(BASE64URL, half)}T3BlbkFJ${random(BASE64URL, half)}`;
const project = openai('proj-', 74);
const svcacct = openai('svcacct-', 74);
const admin = openai('admin-', 60);
const legacy = `sk-${random(ALNUM, 20)}T3BlbkFJ${random(ALNUM, 20)}`;
const anthropic = `sk-ant-api03-${random(BASE64URL, 93)}AA`;
const anthropicAdmin = `sk-ant-admin01-${random(BASE64URL, 93)}AA`;
const hf = `hf_${random(LETTERS, 34)}`;
const hfOrg = `api_org_${random(LETTERS, 34)}`;
const cohere = random(ALNUM, 40);
const replicate = `r8_${random(ALNUM, 37)}`;
const groq = `gsk_${random(ALNUM, 52)}`;
const pplx = `pplx-${random(ALNUM, 48)}`;
const mistral = random(ALNUM, 32);
const deepseek = `sk-${random(HEX, 32)}`;
const xai = `xai-${random(ALNUM, 80)}`;
const openrouter = `sk-or-v1-${random(HEX, 64)}`;
const langsmith = `lsv2_pt_${random(HEX, 32)}_${random(HEX, 10)}`;

describe('ai detectors', () => {
  describeDetectors(DETECTORS, {
    'openai-project-key': {
      truePositives: [
        { text: `OPENAI_API_KEY=${project}`, secret: project },
        { text: `client = OpenAI(api_key="${project}")`, secret: project },
      ],
      falsePositives: [`OPENAI_API_KEY=sk-proj-${random(BASE64URL, 100)}`, 'OPENAI_API_KEY=sk-proj-...'],
    },
    'openai-service-account-key': {
      truePositives: [
        { text: `openai:\n  apiKey: ${svcacct}\n`, secret: svcacct },
        { text: `{"OPENAI_API_KEY": "${svcacct}"}`, secret: svcacct },
      ],
      falsePositives: [`sk-svcacct-${'x'.repeat(20)}T3BlbkFJ${'x'.repeat(20)}`, `sk-svcacct-${random(BASE64URL, 60)}`],
    },
    'openai-admin-key': {
      truePositives: [
        { text: `OPENAI_ADMIN_KEY=${admin}`, secret: admin },
        { text: `-H "Authorization: Bearer ${admin}"`, secret: admin },
      ],
      falsePositives: [`sk-admin-${random(BASE64URL, 80)}`, `sk-admin-${'A'.repeat(30)}T3BlbkFJ${'A'.repeat(30)}`],
    },
    'openai-api-key': {
      truePositives: [
        { text: `export OPENAI_API_KEY=${legacy}`, secret: legacy },
        { text: `openai.api_key = '${legacy}'`, secret: legacy },
      ],
      falsePositives: [`sk-${random(ALNUM, 19)}T3BlbkFJ${random(ALNUM, 20)}`, `ask-${random(ALNUM, 20)}T3BlbkFJ${random(ALNUM, 20)}`],
    },
    'anthropic-api-key': {
      truePositives: [
        { text: `ANTHROPIC_API_KEY=${anthropic}`, secret: anthropic },
        { text: `client = anthropic.Anthropic(api_key="${anthropic}")`, secret: anthropic },
      ],
      falsePositives: [`sk-ant-api03-${random(BASE64URL, 93)}`, `sk-ant-api03-${'x'.repeat(93)}AA`],
    },
    'anthropic-admin-key': {
      truePositives: [
        { text: `ANTHROPIC_ADMIN_KEY=${anthropicAdmin}`, secret: anthropicAdmin },
        { text: `-H "x-api-key: ${anthropicAdmin}"`, secret: anthropicAdmin },
      ],
      falsePositives: [`sk-ant-admin01-${random(BASE64URL, 50)}AA`, `sk-ant-admin01-${'-'.repeat(93)}AA`],
    },
    'huggingface-access-token': {
      truePositives: [
        { text: `HF_TOKEN=${hf}`, secret: hf },
        { text: `login(token="${hf}")`, secret: hf },
      ],
      falsePositives: [`hf_${random(ALNUM, 34).replace(/[A-Za-z]/, '1')}1`, `hf_${'x'.repeat(34)}`, `def_${random(LETTERS, 34)}`],
    },
    'huggingface-organization-token': {
      truePositives: [
        { text: `HUGGINGFACE_API_TOKEN=${hfOrg}`, secret: hfOrg },
        { text: `headers = {"Authorization": "Bearer ${hfOrg}"}`, secret: hfOrg },
      ],
      falsePositives: [`api_org_${random(LETTERS, 20)}`, `api_org_${'a'.repeat(34)}`],
    },
    'cohere-api-key': {
      truePositives: [
        { text: `COHERE_API_KEY=${cohere}`, secret: cohere },
        { text: `co = cohere.Client("${cohere}")`, secret: cohere },
      ],
      falsePositives: [`COHERE_API_KEY=${'a'.repeat(40)}`, `commit = "${cohere}"`],
    },
    'replicate-api-token': {
      truePositives: [
        { text: `REPLICATE_API_TOKEN=${replicate}`, secret: replicate },
        { text: `replicate:\n  token: "${replicate}"`, secret: replicate },
      ],
      falsePositives: [`r8_${random(ALNUM, 20)}`, `r8_${'x'.repeat(37)}`],
    },
    'groq-api-key': {
      truePositives: [
        { text: `GROQ_API_KEY=${groq}`, secret: groq },
        { text: `new Groq({ apiKey: '${groq}' })`, secret: groq },
      ],
      falsePositives: [`gsk_${random(ALNUM, 40)}`, `gsk_${'x'.repeat(52)}`],
    },
    'perplexity-api-key': {
      truePositives: [
        { text: `PERPLEXITY_API_KEY=${pplx}`, secret: pplx },
        { text: `-H "Authorization: Bearer ${pplx}"`, secret: pplx },
      ],
      falsePositives: [`pplx-${random(ALNUM, 30)}`, `pplx-${'x'.repeat(48)}`],
    },
    'mistral-api-key': {
      truePositives: [
        { text: `MISTRAL_API_KEY=${mistral}`, secret: mistral },
        { text: `client = Mistral(api_key="${mistral}")`, secret: mistral },
      ],
      falsePositives: [`MISTRAL_API_KEY=${'a'.repeat(32)}`, `MISTRAL_MODEL=mistral-large-latest`],
    },
    'deepseek-api-key': {
      truePositives: [
        { text: `DEEPSEEK_API_KEY=${deepseek}`, secret: deepseek },
        { text: `deepseek:\n  api_key: '${deepseek}'`, secret: deepseek },
      ],
      falsePositives: [`api_key = "${deepseek}"`, `DEEPSEEK_API_KEY=sk-${'0'.repeat(32)}`],
    },
    'xai-api-key': {
      truePositives: [
        { text: `XAI_API_KEY=${xai}`, secret: xai },
        { text: `client = Client(api_key="${xai}")`, secret: xai },
      ],
      falsePositives: [`xai-${random(ALNUM, 40)}`, `xai-${'x'.repeat(80)}`],
    },
    'openrouter-api-key': {
      truePositives: [
        { text: `OPENROUTER_API_KEY=${openrouter}`, secret: openrouter },
        { text: `Authorization: Bearer ${openrouter}`, secret: openrouter },
      ],
      falsePositives: [`sk-or-v1-${random(HEX, 40)}`, `sk-or-v1-${'0'.repeat(64)}`],
    },
    'langsmith-api-key': {
      truePositives: [
        { text: `LANGSMITH_API_KEY=${langsmith}`, secret: langsmith },
        { text: `LANGCHAIN_API_KEY="${langsmith.replace('_pt_', '_sk_')}"`, secret: langsmith.replace('_pt_', '_sk_') },
      ],
      falsePositives: [`lsv2_pt_${random(HEX, 32)}`, `lsv2_pt_${'0'.repeat(32)}_${random(HEX, 10)}`],
    },
  });
});
