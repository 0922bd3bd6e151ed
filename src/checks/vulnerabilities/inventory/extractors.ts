import { packagesLockExtractor } from './dotnet/packages-lock.js';
import { goBinaryExtractor } from './go/go-binary.js';
import { goModExtractor } from './go/go-mod.js';
import { gradleLockfileExtractor } from './java/gradle-lockfile.js';
import { jarExtractor } from './java/jar.js';
import { pomPropertiesExtractor } from './java/pom-properties.js';
import { nodeModulesExtractor } from './javascript/node-modules.js';
import { packageLockExtractor } from './javascript/package-lock.js';
import { pnpmLockExtractor } from './javascript/pnpm-lock.js';
import { yarnLockExtractor } from './javascript/yarn-lock.js';
import { apkExtractor } from './os/apk.js';
import { dpkgExtractor } from './os/dpkg.js';
import { rpmExtractor } from './os/rpm.js';
import { composerLockExtractor } from './php/composer-lock.js';
import { distInfoExtractor } from './python/dist-info.js';
import { pipfileLockExtractor } from './python/pipfile-lock.js';
import { poetryLockExtractor } from './python/poetry-lock.js';
import { requirementsExtractor } from './python/requirements.js';
import { uvLockExtractor } from './python/uv-lock.js';
import { gemfileLockExtractor } from './ruby/gemfile-lock.js';
import { cargoLockExtractor } from './rust/cargo-lock.js';
import type { Extractor } from '../../../core/package.js';

/** Every extractor, in a fixed order so results are deterministic. Adding a format means one line here. */
export const EXTRACTORS: readonly Extractor[] = [
  dpkgExtractor,
  apkExtractor,
  rpmExtractor,
  packageLockExtractor,
  yarnLockExtractor,
  pnpmLockExtractor,
  nodeModulesExtractor,
  requirementsExtractor,
  poetryLockExtractor,
  pipfileLockExtractor,
  uvLockExtractor,
  distInfoExtractor,
  goModExtractor,
  goBinaryExtractor,
  cargoLockExtractor,
  gemfileLockExtractor,
  composerLockExtractor,
  pomPropertiesExtractor,
  jarExtractor,
  gradleLockfileExtractor,
  packagesLockExtractor,
];

/**
 * What a source checkout declares: lockfiles and manifests read as text. OS package databases, installed packages and
 * binaries belong to images and root file systems.
 */
export const SOURCE_TREE_EXTRACTORS: readonly Extractor[] = EXTRACTORS.filter(
  (extractor) => !extractor.extractBinary && !extractor.installedOnly && !isOsExtractor(extractor),
);

/** Lockfiles and manifests a source-tree extractor reads (`package-lock.json` is one, though it is JSON too). */
export function isPackageFile(path: string): boolean {
  const posix = path.split('\\').join('/');
  return SOURCE_TREE_EXTRACTORS.some((extractor) => extractor.matches(posix));
}

/** OS package databases: their packages are scoped to the distribution named by os-release. */
export function isOsExtractor(extractor: Extractor): boolean {
  return extractor.name.startsWith('os/');
}
