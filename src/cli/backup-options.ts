import { resolve } from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { OwnerRecipient } from '../services/backup/crypto.js';
import { isAgeRecipient, loadIdentities, loadPublicKey, loadSigningKey, type SigningKey } from '../services/backup/keys.js';
import type { LockMode } from '../services/backup/targets/s3.js';
import { openTarget } from '../services/backup/targets/target.js';
import type { BackupTarget } from '../services/backup/types.js';
import type { CliIo } from './io.js';
import type { OptionSpec } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

/** Shared by every `rampart backup` subcommand that opens a repository (including restore). */
export const TARGET_OPTIONS: OptionSpec[] = [
  { name: 'target', type: 'string', value: 'DIR|s3://BUCKET/PREFIX', description: 'The backup repository: a directory, or an S3 bucket and key prefix.' },
  { name: 's3-endpoint', type: 'string', value: 'URL', description: 'S3-compatible server (http(s)://host:port), path-style addressing. Default: $AWS_ENDPOINT_URL_S3, $AWS_ENDPOINT_URL, else AWS. Credentials: $AWS_ACCESS_KEY_ID / $AWS_SECRET_ACCESS_KEY or the AWS profile chain.' },
  { name: 's3-region', type: 'string', value: 'REGION', description: 'S3 region. Default: $AWS_REGION, else us-east-1.' },
  { name: 's3-timeout', type: 'string', value: 'SECONDS', description: 'Give up on an S3 request after this many seconds. Default: 60.' },
];

export const WRITE_OPTIONS: OptionSpec[] = [
  { name: 'signing-key', type: 'string', value: 'FILE', description: 'Ed25519 signing key from `rampart backup keygen` (it also names objects; it cannot decrypt backups).' },
  { name: 'object-lock-mode', type: 'string', value: 'COMPLIANCE|GOVERNANCE', description: 'S3: Object Lock mode set on every object written (the bucket must have Object Lock enabled).' },
  { name: 'retain-days', type: 'string', value: 'DAYS', description: 'S3: Object Lock retention of every object written, in days. Needed with --object-lock-mode.' },
];

export const PUBLIC_KEY_OPTION: OptionSpec = { name: 'public-key', type: 'string', multiple: true, value: 'FILE', description: 'Trust only manifests signed by this Ed25519 public key (backup-signing.pub). Repeatable. Default: the key the repository declares.' };

export const DECRYPT_OPTIONS: OptionSpec[] = [
  { name: 'identity', type: 'string', multiple: true, value: 'FILE', description: 'age identity file (AGE-SECRET-KEY-1...) that can decrypt the repository. Repeatable.' },
  { name: 'passphrase', type: 'boolean', description: 'Also try the passphrase in $RAMPART_BACKUP_PASSPHRASE.' },
];

/** Declared like scan's --format (repeatable) so the group's option union accepts both; only table and json apply. */
export const FORMAT_OPTION: OptionSpec = { name: 'format', type: 'string', multiple: true, value: 'table|json', description: 'table (default) or json.' };

export const str = (values: CliValues, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
export const list = (values: CliValues, name: string): string[] => (Array.isArray(values[name]) ? (values[name] as string[]) : []);

export function positiveNumber(values: CliValues, name: string, max: number): number | undefined {
  const text = str(values, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > max) throw new UsageError(`--${name} must be a number between 1 and ${max}, not "${text}"`);
  return value;
}

export async function targetFromValues(values: CliValues, io: Pick<CliIo, 'cwd' | 'env'>, writing = false): Promise<BackupTarget> {
  const uri = str(values, 'target');
  if (!uri) throw new UsageError('name the backup repository with --target DIR or --target s3://BUCKET/PREFIX');
  const lockText = writing ? str(values, 'object-lock-mode') : undefined;
  const lockMode = lockText?.toUpperCase();
  if (lockMode !== undefined && lockMode !== 'COMPLIANCE' && lockMode !== 'GOVERNANCE') throw new UsageError(`--object-lock-mode must be COMPLIANCE or GOVERNANCE, not "${lockText}"`);
  const retainDays = writing ? positiveNumber(values, 'retain-days', 36_500) : undefined;
  if ((lockMode === undefined) !== (retainDays === undefined)) throw new UsageError('--object-lock-mode and --retain-days go together');
  if (lockMode && !uri.startsWith('s3://')) throw new UsageError('--object-lock-mode applies to s3:// targets only');
  const env = io.env;
  const endpoint = str(values, 's3-endpoint') ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  if (endpoint && !/^https?:\/\/[^\s/]+\/?$/.test(endpoint)) throw new UsageError(`--s3-endpoint must be http(s)://host[:port], not "${endpoint}"`);
  const region = str(values, 's3-region') ?? env.AWS_REGION;
  const timeout = positiveNumber(values, 's3-timeout', 3600);
  const credentials = env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } : undefined;
  return openTarget(uri, {
    cwd: io.cwd,
    s3: {
      ...(endpoint ? { endpoint: endpoint.replace(/\/$/, '') } : {}),
      ...(region ? { region } : {}),
      ...(lockMode ? { lockMode: lockMode as LockMode, retainDays: retainDays! } : {}),
      ...(timeout ? { timeoutMs: timeout * 1000 } : {}),
      ...(credentials ? { credentials } : {}),
    },
  });
}

export async function signingKeyFromValues(values: CliValues, io: Pick<CliIo, 'cwd'>): Promise<SigningKey> {
  const file = str(values, 'signing-key');
  if (!file) throw new UsageError('writing to a repository needs --signing-key FILE (create one with `rampart backup keygen`)');
  return loadSigningKey(resolve(io.cwd, file));
}

export async function trustedFromValues(values: CliValues, io: Pick<CliIo, 'cwd'>): Promise<KeyObject[]> {
  return Promise.all(list(values, 'public-key').map((file) => loadPublicKey(resolve(io.cwd, file))));
}

/** Identities and passphrase in readBackup's form; a passphrase is taken from the environment, never a flag. */
export async function identitiesFromValues(values: CliValues, io: Pick<CliIo, 'cwd' | 'env'>): Promise<string[]> {
  const identities = await loadIdentities(list(values, 'identity').map((file) => resolve(io.cwd, file)));
  if (values.passphrase === true) {
    const passphrase = io.env.RAMPART_BACKUP_PASSPHRASE;
    if (!passphrase) throw new UsageError('--passphrase reads $RAMPART_BACKUP_PASSPHRASE, which is not set');
    identities.push(passphrase);
  }
  return identities;
}

/** Owners of a new repository: `--recipient age1...` (repeatable) and the passphrase in $RAMPART_BACKUP_PASSPHRASE. */
export function ownersFromValues(values: CliValues, io: Pick<CliIo, 'env'>): OwnerRecipient[] {
  const owners: OwnerRecipient[] = [];
  for (const recipient of list(values, 'recipient').flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean)) {
    if (!isAgeRecipient(recipient)) throw new UsageError(`--recipient must be an age X25519 recipient (age1...), not "${recipient.slice(0, 20)}"`);
    owners.push({ type: 'x25519', recipient });
  }
  if (values.passphrase === true) {
    const passphrase = io.env.RAMPART_BACKUP_PASSPHRASE;
    if (!passphrase) throw new UsageError('--passphrase reads $RAMPART_BACKUP_PASSPHRASE, which is not set');
    owners.push({ type: 'passphrase', passphrase });
  }
  return owners;
}

export function formatFromValues(values: CliValues, command: string): 'table' | 'json' {
  const formats = list(values, 'format');
  const format = formats[0] ?? 'table';
  if (formats.length > 1 || (format !== 'table' && format !== 'json')) throw new UsageError(`${command} writes one format: table or json`);
  return format;
}
