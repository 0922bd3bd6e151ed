import type * as PackageUrlModule from 'packageurl-js';
import { lazyRequire } from '../../../core/lazy-require.js';

/** Every scan consults the extractors' `matches` to find lockfiles; most never build a purl, nor load this. */
const packageUrl = lazyRequire<typeof PackageUrlModule>(import.meta.url, 'packageurl-js');

export type Qualifiers = Record<string, string | undefined>;

/** Builds a purl string; undefined qualifier values are dropped so callers can pass optional fields straight through. */
export function purl(type: string, namespace: string | undefined, name: string, version: string, qualifiers: Qualifiers = {}): string {
  const defined: Record<string, string> = {};
  for (const [key, value] of Object.entries(qualifiers)) {
    if (value !== undefined && value !== '') defined[key] = value;
  }
  const hasQualifiers = Object.keys(defined).length > 0;
  return new (packageUrl().PackageURL)(type, namespace, name, version, hasQualifiers ? defined : undefined, undefined).toString();
}

/** PEP 503: runs of `-`, `_`, `.` collapse to one `-`, lower case. OSV PyPI records use this form. */
export function normalizePythonName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** Splits `@scope/name` into purl namespace and name. */
export function npmPurl(name: string, version: string): string {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  return slash > 0 ? purl('npm', name.slice(0, slash), name.slice(slash + 1), version) : purl('npm', undefined, name, version);
}

export function pypiPurl(name: string, version: string): string {
  return purl('pypi', undefined, normalizePythonName(name), version);
}

/** Splits at the last `/` (Go module paths, Composer `vendor/name`, Maven `group:artifact` handled by callers). */
export function slashPurl(type: string, name: string, version: string): string {
  const slash = name.lastIndexOf('/');
  return slash > 0 ? purl(type, name.slice(0, slash), name.slice(slash + 1), version) : purl(type, undefined, name, version);
}
