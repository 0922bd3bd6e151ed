export type { BinaryInput, ExtractError, ExtractResult, Extractor, Package, TextInput } from '../../../core/package.js';
export { EXTRACTORS, isPackageFile, SOURCE_TREE_EXTRACTORS } from './extractors.js';
export { extractInventory, type Inventory, type InventoryFile, type InventoryIssue, type InventoryOptions } from './inventory.js';
export { detectOs, parseOsRelease, type OsInfo } from './os-release.js';
export { normalizePythonName } from './purl.js';
export { parseRpmHeader, type RpmHeader } from './os/rpm-header.js';
