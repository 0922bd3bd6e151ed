import type { VulnerabilityFinding } from '../../core/vulnerability.js';
import type { Inventory } from '../../checks/vulnerabilities/inventory/inventory.js';
import type { SbomSubject } from '../../checks/vulnerabilities/inventory/sbom/types.js';

export type SbomFormat = 'cyclonedx' | 'spdx';

/** Injected by tests; otherwise a fresh UUID and the current time, the only parts of the output that vary. */
export interface SbomFormatOptions {
  uuid?: string;
  now?: Date;
}

/** What an SBOM describes: a subject's inventory and, where the format has a place for them, its vulnerabilities. */
export interface SbomContent {
  subject: SbomSubject;
  inventory: Inventory;
  vulnerabilities?: readonly VulnerabilityFinding[];
}

export interface SbomFormatter {
  name: SbomFormat;
  /** The specification and version written, as users know it (`SPDX 2.3`). */
  title: string;
  /** False where the specification has no place for vulnerabilities: the formatter would drop them. */
  carriesVulnerabilities: boolean;
  format(content: SbomContent, options?: SbomFormatOptions): string;
}
