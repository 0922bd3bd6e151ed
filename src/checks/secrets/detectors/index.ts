/**
 * Every secret detector, by category. Each category folder exports `DETECTORS` from its own `index.ts`.
 *
 * Rules for detectors (checked by index.test.ts): unique kebab-case ids; at least one keyword, each lowercase
 * printable ASCII of 3+ characters that every true match contains or sits within `maxMatchLength` (default 1 KiB) of;
 * a `secret` named group; no `y` flag.
 */
import type { SecretDetector } from '../types.js';
import { DETECTORS as AI } from './ai/index.js';
import { DETECTORS as CLOUD } from './cloud/index.js';
import { DETECTORS as GENERIC } from './generic/index.js';
import { DETECTORS as HOSTING } from './hosting/index.js';
import { DETECTORS as KEYS } from './keys/index.js';
import { DETECTORS as MONITORING } from './monitoring/index.js';
import { DETECTORS as REGISTRIES } from './registries/index.js';
import { DETECTORS as SAAS } from './saas/index.js';

/** Specific categories first: among detectors matching the same span with equal confirmation, the first wins. */
export const DETECTORS: readonly SecretDetector[] = [
  ...CLOUD,
  ...HOSTING,
  ...SAAS,
  ...MONITORING,
  ...REGISTRIES,
  ...AI,
  ...KEYS,
  ...GENERIC,
];
