import { imageSource } from '../sources/image/source.js';
import type { Source } from '../sources/source.js';
import { openImage, type ImageLocator } from '../sources/image/open-image.js';
import { selectRules } from './rule-selection.js';
import { scanSources, type ScanOptions, type ScanResult } from './scan.js';
import type { VulnerabilityScanOptions } from './vulnerabilities.js';
import { wantedByInventory } from './image-inventory.js';

// The library API's image entry points, kept where they have always been exported from.
export { inventoryImage, layerLocator, type ImageInventory } from './image-inventory.js';
export { openImage, type ImageLocator };

export type ImageScanOptions = Pick<ScanOptions, 'settings' | 'rules' | 'severities' | 'exemptions' | 'ignoreEntries' | 'baseline' | 'strict' | 'now' | 'onPhase' | 'signal'> & {
  image: ImageLocator;
  vulnerabilities: VulnerabilityScanOptions;
};

/** `rampart image`: the image's packages against the vulnerability database, and its config against the image rules. */
export async function scanImage(options: ImageScanOptions): Promise<ScanResult> {
  const selection = selectRules(options.rules, options.settings);
  return scanSources({
    ...options,
    sources: [imageInventorySource(options.image)],
    selection: { ...selection, metas: selection.metas.filter((m) => m.target === 'image') },
    checks: { rules: true, secrets: false, vulnerabilities: options.vulnerabilities },
  });
}

/** An image as the inventory reads it: what the report is about, its config, and the files an extractor reads. */
export function imageInventorySource(image: ImageLocator): Source {
  return imageSource(image, { wanted: wantedByInventory });
}
