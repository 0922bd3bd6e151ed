import { describe, expect, it } from 'vitest';
import { DirectoryTarget } from './directory.js';
import { TargetError } from './keys.js';
import { S3Target } from './s3.js';
import { openTarget } from './target.js';

describe('openTarget', () => {
  it('opens directories (relative to cwd, or file://) and s3:// buckets with a prefix', async () => {
    expect(await openTarget('repo', { cwd: '/base' })).toEqual(expect.objectContaining({ location: '/base/repo' }));
    expect(await openTarget('file:///srv/backups')).toBeInstanceOf(DirectoryTarget);
    const s3 = await openTarget('s3://my-bucket/prod/cluster-a', { s3: { endpoint: 'http://127.0.0.1:9000' } });
    expect(s3).toBeInstanceOf(S3Target);
    expect(s3.location).toBe('s3://my-bucket/prod/cluster-a');
  });

  it.each(['s3://', 's3://UPPER', 's3://b/../x', 'http://host/x', 'gs://bucket', ''])('refuses %j', async (uri) => {
    await expect(openTarget(uri)).rejects.toThrow(TargetError);
  });
});
