import { describe, expect, it } from 'vitest';
import { gradleLockfileExtractor } from './gradle-lockfile.js';

const GRADLE = `# This is a Gradle generated file for dependency locking.
# Manual edits can break the build and are not advised.
# This file is expected to be part of source control.
com.fasterxml.jackson.core:jackson-databind:2.15.2=compileClasspath,runtimeClasspath
junit:junit:4.13.2=testCompileClasspath,testRuntimeClasspath
org.yaml:snakeyaml:2.0=runtimeClasspath,testRuntimeClasspath
empty=annotationProcessor
`;

describe('java/gradle-lockfile', () => {
  it('reads coordinates and marks test-only dependencies as dev', () => {
    expect(gradleLockfileExtractor.matches('app/gradle.lockfile')).toBe(true);
    expect(gradleLockfileExtractor.matches('buildscript-gradle.lockfile')).toBe(true);
    const { packages, errors } = gradleLockfileExtractor.extract({ path: 'gradle.lockfile', text: GRADLE });
    expect(errors).toEqual([]);
    expect(packages.map((p) => [p.name, p.version, p.dev ?? false])).toEqual([
      ['com.fasterxml.jackson.core:jackson-databind', '2.15.2', false],
      ['junit:junit', '4.13.2', true],
      ['org.yaml:snakeyaml', '2.0', false],
    ]);
  });

  it('reports malformed lines', () => {
    expect(gradleLockfileExtractor.extract({ path: 'gradle.lockfile', text: 'junit:junit=test\n' }).errors).toEqual([
      { line: 1, message: 'malformed lock line: junit:junit=test' },
    ]);
  });
});
