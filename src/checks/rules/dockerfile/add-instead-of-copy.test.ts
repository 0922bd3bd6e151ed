import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { addInsteadOfCopy } from './add-instead-of-copy.js';

describe('docker/add-instead-of-copy', () => {
  it('fires on ADD of local files', () => {
    expect(runDockerfileRule(addInsteadOfCopy, 'FROM a:1\nADD app/ config.yaml /srv/\n')).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet for URLs, archives, heredocs and COPY', () => {
    expect(runDockerfileRule(addInsteadOfCopy, 'FROM a:1\nADD https://x/y.bin /y\nADD app.tar.gz /srv\nCOPY a /b\nADD <<EOF /x\nhi\nEOF\n')).toEqual([]);
  });
  it('maps to hadolint DL3020', () => {
    expect(addInsteadOfCopy.meta.aliases.hadolint).toEqual(['DL3020']);
  });
});
