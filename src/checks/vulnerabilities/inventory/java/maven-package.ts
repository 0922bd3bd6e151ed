import { purl } from '../purl.js';
import type { Package } from '../../../../core/package.js';

/** OSV Maven names are `groupId:artifactId`. */
export function mavenPackage(groupId: string, artifactId: string, version: string, file: string, dev?: boolean): Package {
  const pkg: Package = {
    name: `${groupId}:${artifactId}`,
    version,
    ecosystem: 'Maven',
    purl: purl('maven', groupId, artifactId, version),
    file,
  };
  if (dev) pkg.dev = true;
  return pkg;
}
