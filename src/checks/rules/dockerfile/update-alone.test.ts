import { describe, expect, it } from 'vitest';
import { APT_IDIOM, runDockerfileRule } from '../../../testing/dockerfile.js';
import { updateAlone } from './update-alone.js';

describe('docker/update-alone', () => {
  it('fires on an update without install in the same RUN', () => {
    expect(runDockerfileRule(updateAlone, 'FROM d:1\nRUN apt-get update\nRUN apt-get install -y x\nRUN apk update\n').map((h) => h.line)).toEqual([2, 4]);
  });
  it('stays quiet when update and install share a RUN, and on the canonical idiom', () => {
    expect(runDockerfileRule(updateAlone, 'FROM d:1\nRUN apk update && apk add x\n')).toEqual([]);
    expect(runDockerfileRule(updateAlone, APT_IDIOM)).toEqual([]);
  });
  it('maps to Trivy DS017 and Checkov CKV_DOCKER_5', () => {
    expect(updateAlone.meta.aliases.trivy).toEqual(['DS017', 'AVD-DS-0017']);
    expect(updateAlone.meta.aliases.checkov).toEqual(['CKV_DOCKER_5']);
  });
});
