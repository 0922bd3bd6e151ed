import type { SecretDetector } from '../../types.js';
import { DETECTORS as CLOJARS } from './clojars.js';
import { DETECTORS as CONTRIBSYS } from './contribsys.js';
import { DETECTORS as CRATES } from './crates.js';
import { DETECTORS as DOCKER } from './docker.js';
import { DETECTORS as HARBOR } from './harbor.js';
import { DETECTORS as HEX } from './hex.js';
import { DETECTORS as JFROG } from './jfrog.js';
import { DETECTORS as MAVEN } from './maven.js';
import { DETECTORS as NEXUS } from './nexus.js';
import { DETECTORS as NPM } from './npm.js';
import { DETECTORS as NUGET } from './nuget.js';
import { DETECTORS as PACKAGIST } from './packagist.js';
import { DETECTORS as PYPI } from './pypi.js';
import { DETECTORS as QUAY } from './quay.js';
import { DETECTORS as RUBYGEMS } from './rubygems.js';

/** Package and container registries. GitHub Packages uses GitHub tokens (hosting/github.ts). */
export const DETECTORS: SecretDetector[] = [
  ...NPM,
  ...PYPI,
  ...RUBYGEMS,
  ...CONTRIBSYS,
  ...NUGET,
  ...CRATES,
  ...PACKAGIST,
  ...HEX,
  ...MAVEN,
  ...CLOJARS,
  ...DOCKER,
  ...QUAY,
  ...HARBOR,
  ...JFROG,
  ...NEXUS,
];
