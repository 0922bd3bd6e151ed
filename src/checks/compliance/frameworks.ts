import { CIS_FRAMEWORK } from './cis.js';
import { NSA_FRAMEWORK } from './nsa.js';
import { PSS_FRAMEWORK } from './pss.js';
import type { FrameworkDefinition, FrameworkId } from './types.js';

export const FRAMEWORKS: Readonly<Record<FrameworkId, FrameworkDefinition>> = { nsa: NSA_FRAMEWORK, cis: CIS_FRAMEWORK, pss: PSS_FRAMEWORK };
