import { pypiPurl } from '../purl.js';
import type { Package } from '../../../../core/package.js';

export function pythonPackage(name: string, version: string, file: string, dev?: boolean): Package {
  const pkg: Package = { name, version, ecosystem: 'PyPI', purl: pypiPurl(name, version), file };
  if (dev) pkg.dev = true;
  return pkg;
}
