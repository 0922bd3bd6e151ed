import type { Inventory } from '../checks/vulnerabilities/inventory/index.js';
import { LATEST_PSS_VERSION, type RuleSettings } from '../core/settings.js';
import type { Source } from '../sources/source.js';
import { configuredRules } from './rule-references.js';
import type { RuleSelection } from './rule-selection.js';
import { scanSources, type ScanResult } from './scan.js';
import type { VulnerabilityScanOptions } from './vulnerabilities.js';

export interface InventoryScanOptions {
  sources: Source[];
  /** Match the packages against the vulnerability database too (VEX applied); otherwise they are only listed. */
  vulnerabilities?: VulnerabilityScanOptions;
  now?: Date;
  signal?: AbortSignal;
}

export type InventoryScanResult = ScanResult & { inventory: Inventory };

/** No rule runs, so none is configured: the report's catalogue is empty and nothing is suppressed. */
const { severityOf, isEnabled } = configuredRules(new Map(), []);
const NO_RULES: RuleSelection = { kubernetes: [], kubernetesSet: [], dockerfile: [], image: [], secret: [], metas: [], severityOf, isEnabled };
/** Read by rules alone, of which none runs. */
const NO_SETTINGS: RuleSettings = { pss: { level: 'off', version: LATEST_PSS_VERSION }, allowedRegistries: [] };

/**
 * The one pipeline with the inventory as its only check: what `rampart sbom` writes. The result's `inventory` (and an
 * image's `layers`) is what the SBOM lists, its report's errors what could not be read, and its vulnerabilities are
 * found, with no suppression but the VEX documents given, only when asked for.
 */
export async function scanInventory(options: InventoryScanOptions): Promise<InventoryScanResult> {
  const result = await scanSources({
    sources: options.sources,
    selection: NO_RULES,
    settings: NO_SETTINGS,
    checks: { rules: false, secrets: false, inventory: true, ...(options.vulnerabilities ? { vulnerabilities: options.vulnerabilities } : {}) },
    exemptions: [],
    ignoreEntries: [],
    strict: false,
    ...(options.now ? { now: options.now } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  // A pipeline that inventories always returns what it inventoried.
  return result as InventoryScanResult;
}
