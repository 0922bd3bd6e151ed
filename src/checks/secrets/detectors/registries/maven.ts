import { assignmentPattern } from '../assignment.js';
import type { SecretDetector } from '../../types.js';

export const mavenCentralCredential: SecretDetector = {
  id: 'maven-central-credential',
  title: 'Maven Central (Sonatype OSSRH) publishing password or token',
  severity: 'high',
  keywords: ['ossrh', 'sonatype', 'mavencentral'],
  // gradle.properties / env names such as ossrhPassword, SONATYPE_TOKEN_PASSWORD, mavenCentralPassword.
  pattern: assignmentPattern(
    String.raw`(?:ossrh|sonatype|mavenCentral)[\w.-]{0,20}?(?:password|token|pass)`,
    '[A-Za-z0-9_.~!@#%^&*+=/-]{8,128}',
    { secretCase: 'insensitive', nesting: 'none' },
  ),
  minEntropy: 3,
  remediation: 'Regenerate the user token (central.sonatype.com > View Account > Generate User Token, or the OSSRH profile) and keep it in the CI secret store.',
  references: ['https://central.sonatype.org/publish/generate-portal-token/'],
};

export const DETECTORS: SecretDetector[] = [mavenCentralCredential];
