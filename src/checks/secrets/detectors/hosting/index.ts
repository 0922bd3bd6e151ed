import type { SecretDetector } from '../../types.js';
import { DETECTORS as ATLASSIAN } from './atlassian.js';
import { DETECTORS as BUILDKITE } from './buildkite.js';
import { DETECTORS as CIRCLECI } from './circleci.js';
import { DETECTORS as CODECOV } from './codecov.js';
import { DETECTORS as DRONE } from './drone.js';
import { DETECTORS as GITHUB } from './github.js';
import { DETECTORS as GITLAB_CI } from './gitlab-ci.js';
import { DETECTORS as GITLAB_DEPLOY } from './gitlab-deploy.js';
import { DETECTORS as GITLAB_SERVICE } from './gitlab-service.js';
import { DETECTORS as GITLAB_USER } from './gitlab-user.js';
import { DETECTORS as HARNESS } from './harness.js';
import { DETECTORS as SNYK } from './snyk.js';
import { DETECTORS as SONAR } from './sonar.js';
import { DETECTORS as TRAVIS } from './travis.js';

/** Source hosting, CI/CD and code-quality services. */
export const DETECTORS: SecretDetector[] = [
  ...GITHUB,
  ...GITLAB_USER,
  ...GITLAB_CI,
  ...GITLAB_DEPLOY,
  ...GITLAB_SERVICE,
  ...ATLASSIAN,
  ...CIRCLECI,
  ...TRAVIS,
  ...BUILDKITE,
  ...DRONE,
  ...HARNESS,
  ...SONAR,
  ...SNYK,
  ...CODECOV,
];
