import type { SecretDetector } from '../../types.js';
import { ANTHROPIC_DETECTORS } from './anthropic.js';
import { COHERE_DETECTORS } from './cohere.js';
import { DEEPSEEK_DETECTORS } from './deepseek.js';
import { GROQ_DETECTORS } from './groq.js';
import { HUGGINGFACE_DETECTORS } from './huggingface.js';
import { LANGSMITH_DETECTORS } from './langsmith.js';
import { MISTRAL_DETECTORS } from './mistral.js';
import { OPENAI_DETECTORS } from './openai.js';
import { OPENROUTER_DETECTORS } from './openrouter.js';
import { PERPLEXITY_DETECTORS } from './perplexity.js';
import { REPLICATE_DETECTORS } from './replicate.js';
import { XAI_DETECTORS } from './xai.js';

/** AI and LLM platform secrets. */
export const DETECTORS: SecretDetector[] = [
  ...OPENAI_DETECTORS,
  ...ANTHROPIC_DETECTORS,
  ...HUGGINGFACE_DETECTORS,
  ...COHERE_DETECTORS,
  ...REPLICATE_DETECTORS,
  ...GROQ_DETECTORS,
  ...PERPLEXITY_DETECTORS,
  ...MISTRAL_DETECTORS,
  ...DEEPSEEK_DETECTORS,
  ...XAI_DETECTORS,
  ...OPENROUTER_DETECTORS,
  ...LANGSMITH_DETECTORS,
];
