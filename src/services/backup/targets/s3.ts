import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type ObjectLockMode,
} from '@aws-sdk/client-s3';
import type { BackupTarget, ObjectKey } from '../types.js';
import { checkKey, isValidKey, MAX_OBJECT_BYTES, ObjectExistsError, TargetError } from './keys.js';

export type LockMode = 'COMPLIANCE' | 'GOVERNANCE';

export interface S3Options {
  /** `http(s)://host:port` of an S3-compatible server; absent for AWS. Implies path-style addressing. */
  endpoint?: string;
  region?: string;
  /** Object Lock mode and retention set on every object at write time. */
  lockMode?: LockMode;
  retainDays?: number;
  /** Per request, milliseconds. */
  timeoutMs?: number;
  /** Explicit credentials (tests); otherwise the SDK's chain reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / profiles. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_LISTED_KEYS = 10_000_000;

/**
 * S3 or an S3-compatible server. Every put carries `If-None-Match: *` (create-only: the server refuses to
 * replace an object) and, when configured, the Object Lock mode and retain-until date, so each object is immutable
 * from the moment it exists; nothing is written first and locked later.
 */
export class S3Target implements BackupTarget {
  readonly location: string;
  private readonly client: S3Client;

  constructor(private readonly bucket: string, private readonly prefix: string, private readonly options: S3Options = {}) {
    this.location = `s3://${bucket}${prefix ? `/${prefix}` : ''}`;
    const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = new S3Client({
      region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      requestHandler: { connectionTimeout: timeout, requestTimeout: timeout },
      maxAttempts: 3,
    });
  }

  async put(key: ObjectKey, body: Uint8Array): Promise<void> {
    const { lockMode, retainDays } = this.options;
    try {
      await this.client.send(new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.key(key),
        Body: body,
        ContentLength: body.length,
        IfNoneMatch: '*',
        ...(lockMode && retainDays ? { ObjectLockMode: lockMode as ObjectLockMode, ObjectLockRetainUntilDate: new Date(Date.now() + retainDays * 86_400_000) } : {}),
      }));
    } catch (error) {
      if (status(error) === 412) throw new ObjectExistsError(`${key} already exists in ${this.location}; backups never rewrite an object`);
      throw this.failure(`write ${key}`, error);
    }
  }

  async get(key: ObjectKey): Promise<Uint8Array | undefined> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
      if ((answer.ContentLength ?? 0) > MAX_OBJECT_BYTES) {
        answer.Body?.transformToWebStream().cancel().catch(() => undefined);
        throw new TargetError(`${key} in ${this.location} is larger than ${MAX_OBJECT_BYTES} bytes`);
      }
      if (!answer.Body) return new Uint8Array();
      return await answer.Body.transformToByteArray();
    } catch (error) {
      if (error instanceof TargetError) throw error;
      if (status(error) === 404) return undefined;
      throw this.failure(`read ${key}`, error);
    }
  }

  async exists(key: ObjectKey): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
      return true;
    } catch (error) {
      if (status(error) === 404) return false;
      throw this.failure(`check ${key}`, error);
    }
  }

  async list(prefix: string): Promise<ObjectKey[]> {
    const keys: ObjectKey[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.key(prefix, true), ...(token ? { ContinuationToken: token } : {}) }));
        for (const entry of page.Contents ?? []) {
          const key = entry.Key?.slice(this.prefix ? this.prefix.length + 1 : 0);
          if (key && isValidKey(key)) keys.push(key);
        }
        if (keys.length > MAX_LISTED_KEYS) throw new TargetError(`${this.location} lists more than ${MAX_LISTED_KEYS} objects under ${prefix}`);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      if (error instanceof TargetError) throw error;
      throw this.failure(`list ${prefix}`, error);
    }
    return keys.sort();
  }

  /**
   * Deletes every version of the key, so the data is really gone rather than hidden behind a delete marker. A
   * version under retention makes the server refuse: the object stays and the answer is false.
   */
  async remove(key: ObjectKey): Promise<boolean> {
    const fullKey = this.key(key);
    try {
      const versions = await this.client.send(new ListObjectVersionsCommand({ Bucket: this.bucket, Prefix: fullKey }));
      const ids = [...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])].filter((v) => v.Key === fullKey).map((v) => v.VersionId);
      if (ids.length === 0) ids.push(undefined);
      for (const versionId of ids) {
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: fullKey, ...(versionId && versionId !== 'null' ? { VersionId: versionId } : {}) }));
      }
      return true;
    } catch (error) {
      if (isLockRefusal(error)) return false;
      throw this.failure(`delete ${key}`, error);
    }
  }

  async hidden(prefix: string): Promise<ObjectKey[]> {
    const keys: ObjectKey[] = [];
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    try {
      do {
        const page = await this.client.send(new ListObjectVersionsCommand({ Bucket: this.bucket, Prefix: this.key(prefix, true), ...(keyMarker ? { KeyMarker: keyMarker } : {}), ...(versionMarker ? { VersionIdMarker: versionMarker } : {}) }));
        for (const marker of page.DeleteMarkers ?? []) {
          const key = marker.Key?.slice(this.prefix ? this.prefix.length + 1 : 0);
          if (marker.IsLatest && key && isValidKey(key)) keys.push(key);
        }
        if (keys.length > MAX_LISTED_KEYS) throw new TargetError(`${this.location} has more than ${MAX_LISTED_KEYS} hidden objects under ${prefix}`);
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
      } while (keyMarker);
    } catch (error) {
      if (error instanceof TargetError) throw error;
      throw this.failure(`list versions under ${prefix}`, error);
    }
    return keys.sort();
  }

  private key(key: string, isPrefix = false): string {
    const checked = isPrefix ? key : checkKey(key);
    return this.prefix ? `${this.prefix}/${checked}` : checked;
  }

  private failure(action: string, error: unknown): TargetError {
    const message = error instanceof S3ServiceException ? `${error.name}: ${error.message}` : error instanceof Error ? error.message : String(error);
    return new TargetError(`cannot ${action} in ${this.location}: ${message}`);
  }
}

/** AWS refuses to delete a locked version with 403 AccessDenied; MinIO with 400 InvalidRequest "WORM protected". */
function isLockRefusal(error: unknown): boolean {
  if (status(error) === 403) return true;
  return status(error) === 400 && error instanceof Error && /WORM|retention|object lock|legal hold/i.test(error.message);
}

function status(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}
