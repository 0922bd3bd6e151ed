import { npmPurl } from '../purl.js';
import type { Package } from '../../../../core/package.js';

export function npmPackage(name: string, version: string, file: string, dev?: boolean): Package {
  const pkg: Package = { name, version, ecosystem: 'npm', purl: npmPurl(name, version), file };
  if (dev) pkg.dev = true;
  return pkg;
}

/** Splits `name@range` (or `@scope/name@range`) at the `@` that is not the scope marker. */
export function splitNameAt(spec: string): { name: string; rest: string } | undefined {
  const at = spec.indexOf('@', 1);
  if (at <= 0) return undefined;
  return { name: spec.slice(0, at), rest: spec.slice(at + 1) };
}

/** Versions that are not registry releases (git, tarball URL, local path) cannot be matched against npm advisories. */
export function isRegistryVersion(version: string): boolean {
  return /^\d+\.\d+\.\d+/.test(version);
}
