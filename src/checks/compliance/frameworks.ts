import { CIS_FRAMEWORK } from './cis.js';
import { NSA_FRAMEWORK } from './nsa.js';
import { PSS_FRAMEWORK } from './pss.js';
import { FRAMEWORK_IDS, type FrameworkDefinition, type FrameworkId } from './types.js';

export const FRAMEWORKS: Readonly<Record<FrameworkId, FrameworkDefinition>> = { nsa: NSA_FRAMEWORK, cis: CIS_FRAMEWORK, pss: PSS_FRAMEWORK };

export function isFrameworkId(text: string): text is FrameworkId {
  return (FRAMEWORK_IDS as readonly string[]).includes(text);
}
