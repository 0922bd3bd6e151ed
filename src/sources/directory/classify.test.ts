import { describe, expect, it } from 'vitest';
import { classifyFile } from './classify.js';

describe('classifyFile', () => {
  it('takes Dockerfile variants as Dockerfiles, but not code or documents named after them', () => {
    for (const name of ['Dockerfile', 'Containerfile', 'Dockerfile.dev', 'dockerfile.prod.arm64', 'api.Dockerfile', 'build.containerfile']) expect(classifyFile(`x/${name}`)).toBe('dockerfile');
    for (const name of ['dockerfile.js', 'Dockerfile.ts', 'dockerfile.test.ts', 'Dockerfile.md', 'containerfile.py']) expect(classifyFile(`x/${name}`)).toBeUndefined();
  });
});
