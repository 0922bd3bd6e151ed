import { BackupFormatError } from '../types.js';

/** Largest object a target returns; packs are sealed at a few MB, so anything near this is not ours. */
export const MAX_OBJECT_BYTES = 256 * 1024 * 1024;

/**
 * Object keys are made by this code from hex digests and ids; anything else (a listing an attacker seeded with
 * `../x`) is refused before it reaches a path or a request.
 */
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

export function checkKey(key: string): string {
  if (!KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) throw new BackupFormatError(`refusing object key "${key.slice(0, 80)}"`);
  return key;
}

export function isValidKey(key: string): boolean {
  return KEY.test(key) && !key.split('/').some((part) => part === '..' || part === '.');
}

/** A put found the key already written: nothing in a repository is ever rewritten. */
export class ObjectExistsError extends Error {}

/** The target could not be reached or answered with an error (exit 3). */
export class TargetError extends Error {}
