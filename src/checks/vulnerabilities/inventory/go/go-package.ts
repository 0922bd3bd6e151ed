import { slashPurl } from '../purl.js';
import type { Package } from '../../../../core/package.js';

/** A Go module as OSV's Go ecosystem names it: module path, version without the `v`. */
export function goModulePackage(path: string, version: string, file: string): Package {
  return { name: path, version: version.replace(/^v/, ''), ecosystem: 'Go', purl: slashPurl('golang', path, version), file };
}
