import { resolve } from 'node:path';
import type { BackupTarget } from '../types.js';
import type { S3Options } from './s3.js';
import { DirectoryTarget } from './directory.js';
import { TargetError } from './keys.js';

export interface TargetOptions {
  s3?: S3Options;
  /** Base for a relative directory path. */
  cwd?: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `s3://bucket[/prefix]` or a directory path (`file://` accepted). */
export async function openTarget(uri: string, options: TargetOptions = {}): Promise<BackupTarget> {
  if (uri.startsWith('s3://')) {
    const [bucket = '', ...rest] = uri.slice('s3://'.length).split('/');
    const prefix = rest.filter(Boolean).join('/');
    if (!BUCKET.test(bucket)) throw new TargetError(`"${bucket}" is not an S3 bucket name`);
    if (prefix && !/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(prefix)) throw new TargetError(`"${prefix}" is not a usable key prefix`);
    // The AWS SDK is a few hundred modules: loaded only when a bucket is the target.
    const { S3Target } = await import('./s3.js');
    return new S3Target(bucket, prefix, options.s3);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(uri) && !uri.startsWith('file://')) throw new TargetError(`unsupported backup target "${uri}" (use a directory or s3://bucket/prefix)`);
  const path = uri.startsWith('file://') ? uri.slice('file://'.length) : uri;
  if (path === '') throw new TargetError('the backup target is empty');
  return new DirectoryTarget(resolve(options.cwd ?? process.cwd(), path));
}
