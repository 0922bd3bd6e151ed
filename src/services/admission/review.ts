import { asRecord } from '../../parsers/kubernetes/values.js';
import type { PatchOperation } from './apply-patch.js';

/**
 * `AdmissionReview` v1 as the API server sends it (k8s.io/api/admission/v1). Parsing is strict: a field of the
 * wrong type is a malformed request answered with HTTP 400, never guessed at, so a webhook bug or a forged body
 * cannot turn into a silent pass.
 */
export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
const OPERATIONS: readonly Operation[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  resource: GroupVersionResource;
  subResource?: string;
  requestKind?: GroupVersionKind;
  requestResource?: GroupVersionResource;
  requestSubResource?: string;
  name?: string;
  namespace?: string;
  operation: Operation;
  userInfo: UserInfo;
  object?: Record<string, unknown>;
  oldObject?: Record<string, unknown>;
  dryRun: boolean;
  options?: Record<string, unknown>;
}

export interface AdmissionStatus {
  code: number;
  /** A metav1.StatusReason, e.g. `Forbidden`. */
  reason: string;
  message: string;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: AdmissionStatus;
  patch?: PatchOperation[];
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

/** The body is not an AdmissionReview v1 we can answer: HTTP 400 with this message. */
export class ReviewError extends Error {}

export function parseAdmissionReview(body: unknown): AdmissionRequest {
  const review = asRecord(body);
  if (!review) throw new ReviewError('the body is not a JSON object');
  if (review.apiVersion !== ADMISSION_API_VERSION) throw new ReviewError(`apiVersion must be ${ADMISSION_API_VERSION}, not ${describe(review.apiVersion)}`);
  if (review.kind !== 'AdmissionReview') throw new ReviewError(`kind must be AdmissionReview, not ${describe(review.kind)}`);
  const request = asRecord(review.request);
  if (!request) throw new ReviewError('request is missing or not an object');
  const field = new Fields(request, 'request');
  const operation = field.string('operation');
  if (!(OPERATIONS as readonly string[]).includes(operation)) throw new ReviewError(`request.operation must be one of ${OPERATIONS.join(', ')}, not ${describe(operation)}`);
  const parsed: AdmissionRequest = {
    uid: field.string('uid'),
    kind: field.gvk('kind'),
    resource: field.gvr('resource'),
    operation: operation as Operation,
    userInfo: userInfo(request.userInfo),
    dryRun: field.optionalBoolean('dryRun') ?? false,
  };
  const requestKind = field.optional('requestKind', () => field.gvk('requestKind'));
  if (requestKind) parsed.requestKind = requestKind;
  const requestResource = field.optional('requestResource', () => field.gvr('requestResource'));
  if (requestResource) parsed.requestResource = requestResource;
  for (const key of ['subResource', 'requestSubResource', 'name', 'namespace'] as const) {
    const value = field.optionalString(key);
    if (value) parsed[key] = value;
  }
  for (const key of ['object', 'oldObject', 'options'] as const) {
    const value = field.optionalObject(key);
    if (value) parsed[key] = value;
  }
  if (parsed.operation === 'CREATE' && !parsed.object) throw new ReviewError('request.object is required for CREATE');
  if (parsed.operation === 'UPDATE' && (!parsed.object || !parsed.oldObject)) throw new ReviewError('request.object and request.oldObject are required for UPDATE');
  return parsed;
}

/** The review the API server expects back; the patch travels base64-encoded as JSON Patch. */
export function reviewResponse(response: AdmissionResponse): Record<string, unknown> {
  const { patch, warnings, auditAnnotations, status, ...rest } = response;
  return {
    apiVersion: ADMISSION_API_VERSION,
    kind: 'AdmissionReview',
    response: {
      ...rest,
      ...(status ? { status: { metadata: {}, status: 'Failure', ...status } } : {}),
      ...(patch && patch.length > 0 ? { patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64') } : {}),
      ...(warnings && warnings.length > 0 ? { warnings } : {}),
      ...(auditAnnotations && Object.keys(auditAnnotations).length > 0 ? { auditAnnotations } : {}),
    },
  };
}

function userInfo(value: unknown): UserInfo {
  const record = asRecord(value);
  if (!record) throw new ReviewError('request.userInfo is missing or not an object');
  const field = new Fields(record, 'request.userInfo');
  const info: UserInfo = { username: field.optionalString('username') ?? '', groups: field.optionalStringList('groups') ?? [] };
  const uid = field.optionalString('uid');
  if (uid) info.uid = uid;
  const extra = field.optionalObject('extra');
  if (extra) {
    info.extra = {};
    for (const key of Object.keys(extra)) {
      const values = new Fields(extra, 'request.userInfo.extra').optionalStringList(key);
      if (values) info.extra[key] = values;
    }
  }
  return info;
}

class Fields {
  constructor(
    private readonly record: Record<string, unknown>,
    private readonly where: string,
  ) {}

  private fail(key: string, expected: string): never {
    throw new ReviewError(`${this.where}.${key} must be ${expected}, not ${describe(this.record[key])}`);
  }

  string(key: string): string {
    const value = this.record[key];
    if (typeof value !== 'string' || value === '') this.fail(key, 'a non-empty string');
    return value;
  }

  optional<T>(key: string, read: () => T): T | undefined {
    return this.record[key] === undefined || this.record[key] === null ? undefined : read();
  }

  optionalString(key: string): string | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(key, 'a string');
    return value;
  }

  optionalBoolean(key: string): boolean | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') this.fail(key, 'true or false');
    return value;
  }

  optionalObject(key: string): Record<string, unknown> | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) return undefined;
    const record = asRecord(value);
    if (!record) this.fail(key, 'an object');
    return record;
  }

  optionalStringList(key: string): string[] | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) this.fail(key, 'a list of strings');
    return value as string[];
  }

  gvk(key: string): GroupVersionKind {
    const record = this.optionalObject(key) ?? this.fail(key, 'an object');
    const field = new Fields(record, `${this.where}.${key}`);
    return { group: field.optionalString('group') ?? '', version: field.string('version'), kind: field.string('kind') };
  }

  gvr(key: string): GroupVersionResource {
    const record = this.optionalObject(key) ?? this.fail(key, 'an object');
    const field = new Fields(record, `${this.where}.${key}`);
    return { group: field.optionalString('group') ?? '', version: field.string('version'), resource: field.string('resource') };
  }
}

/** Error messages quote the offending value's type, never the value itself (it may be huge or a secret). */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length <= 64 && /^[\x20-\x7e]*$/.test(value) ? JSON.stringify(value) : 'an unexpected string';
  return `a ${typeof value}`;
}
