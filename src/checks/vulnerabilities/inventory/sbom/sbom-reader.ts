import type { OsInfo } from '../os-release.js';
import type { ExtractError, Package } from '../../../../core/package.js';
import { packageFromPurl, type PurlHints } from './purl-package.js';
import type { ReadSbomResult } from './types.js';

/** Beyond this an SBOM is treated as hostile rather than large: every real one we know of is far smaller. */
export const MAX_SBOM_PACKAGES = 500_000;

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Collects packages, one per purl, and the issues of one SBOM; both formats' readers feed it. */
export class SbomReader {
  private readonly packages = new Map<string, Package>();
  private readonly errors: ExtractError[] = [];
  private readonly skipped: ExtractError[] = [];
  private count = 0;

  constructor(readonly file: string) {}

  error(message: string): void {
    this.errors.push({ message });
  }

  skip(message: string): void {
    this.skipped.push({ message });
  }

  /**
   * False once the size limit is hit, so the caller stops walking. `reportSkips` is off for the document's own subject
   * (an image's `pkg:oci` purl is expected, not worth a message).
   */
  addPurl(purl: string, hints: Omit<PurlHints, 'file'>, reportSkips = true): boolean {
    if (++this.count > MAX_SBOM_PACKAGES) {
      if (this.count === MAX_SBOM_PACKAGES + 1) this.error(`more than ${MAX_SBOM_PACKAGES} packages; the rest is not read`);
      return false;
    }
    const result = packageFromPurl(purl, { ...hints, file: this.file });
    if ('error' in result) this.error(result.error);
    else if ('skipped' in result) {
      if (reportSkips) this.skip(result.skipped);
    }
    else if (!this.packages.has(result.package.purl)) this.packages.set(result.package.purl, result.package);
    return true;
  }

  result(os: OsInfo | undefined): ReadSbomResult {
    const result: ReadSbomResult = { packages: [...this.packages.values()], errors: this.errors, skipped: this.skipped };
    if (os) result.os = os;
    return result;
  }
}
