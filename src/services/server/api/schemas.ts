import { readFileSync } from 'node:fs';
import { SEVERITIES } from '../../../core/severity.js';
import { MAX_PAGE_SIZE } from '../store/store.js';
import { SCOPES } from '../store/tokens.js';

/**
 * JSON Schemas of the API: fastify validates requests and serializes responses with them, and the OpenAPI document
 * is generated from the same objects, so the documentation cannot drift from what the server enforces.
 */

export type JsonSchema = { [key: string]: unknown };

/**
 * The report contract as published (docs/report.schema.json), read once at start. Its `$schema`/`$id` are dropped:
 * fastify's validator is draft-07 and would try to fetch them; the `#/$defs/...` references resolve all the same.
 */
export function reportSchema(): JsonSchema {
  const text = readFileSync(new URL('../../../../docs/report.schema.json', import.meta.url), 'utf8');
  const { $schema: _schema, $id: _id, ...schema } = JSON.parse(text) as JsonSchema;
  return schema;
}

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const severity = { type: 'string', enum: [...SEVERITIES] } as const;
const digest = { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' } as const;
const name = { type: 'string', minLength: 1, maxLength: 253 } as const;

export const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: str, reason: str },
} as const;

export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 },
  cursor: { type: 'string', maxLength: 64 },
} as const;

const severityList = { type: 'string', pattern: `^(${SEVERITIES.join('|')})(,(${SEVERITIES.join('|')}))*$`, description: 'Comma-separated severities, e.g. high,critical.' } as const;
const status = { type: 'string', enum: ['open', 'fixed', 'all'], default: 'open', description: 'open: not fixed; fixed: gone from the latest report; all.' } as const;

export const findingsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pageQuery, project: name, subject: { type: 'string', maxLength: 600 }, rule: { type: 'string', maxLength: 200 }, severity: severityList, status },
} as const;

export const vulnerabilitiesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pageQuery, project: name, digest, id: { type: 'string', maxLength: 200 }, package: { type: 'string', maxLength: 400 }, severity: severityList, status },
} as const;

export const reportsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pageQuery, project: name, digest },
} as const;

export const imagesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pageQuery, repository: { type: 'string', maxLength: 600 } },
} as const;

export const exposureQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { digest, vulnerability: { type: 'string', minLength: 1, maxLength: 200 } },
  oneOf: [{ required: ['digest'] }, { required: ['vulnerability'] }],
} as const;

export const changesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pageQuery, digest },
} as const;

const change = (extra: Record<string, unknown>) => ({ type: 'array', items: { type: 'object', properties: { id: str, package: str, ...extra } } });
export const imageChangeSchema = {
  type: 'object',
  properties: {
    id: int, digest: str, jobId: int, createdAt: dateTime,
    changes: {
      type: 'object',
      properties: { added: change({ severity: str }), gone: change({}), fixAvailable: change({ fixedVersions: { type: 'array', items: str } }), severityChanged: change({ from: str, to: str }) },
    },
  },
} as const;

export const reportUploadQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    project: name,
    team: name,
    pullRequest: { type: 'string', maxLength: 500 },
    commit: { type: 'string', pattern: '^[0-9a-fA-F]{7,64}$' },
    pipeline: { type: 'string', maxLength: 2000 },
  },
} as const;

export const sbomUploadQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['digest'],
  properties: { digest, reference: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 600 } } },
} as const;

export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
export const digestParams = { type: 'object', required: ['digest'], properties: { digest } } as const;

const counts = { type: 'object', properties: { stored: int, new: int, fixed: int } } as const;
export const ingestOutcomeSchema = {
  type: 'object',
  properties: { reportId: int, subject: str, findings: counts, vulnerabilities: counts },
} as const;

const suppressionNote = { type: 'object', properties: { id: int, reason: str, createdBy: str, expiresAt: dateTime } } as const;

export const findingSchema = {
  type: 'object',
  properties: {
    id: int, subject: str, project: str, fingerprint: str, ruleId: str, severity, title: str, message: str, file: str, line: int,
    resource: str, firstSeen: dateTime, lastSeen: dateTime, fixedAt: dateTime, firstReport: int, lastReport: int, suppressed: suppressionNote,
  },
} as const;

export const vulnerabilitySchema = {
  type: 'object',
  properties: {
    id: int, subject: str, project: str, digest: str, fingerprint: str, vulnerabilityId: str, aliases: { type: 'array', items: str }, summary: str,
    package: { type: 'object', properties: { name: str, version: str, ecosystem: str, purl: str } },
    severity, fixedVersions: { type: 'array', items: str }, firstSeen: dateTime, lastSeen: dateTime, fixedAt: dateTime,
    firstReport: int, lastReport: int, suppressed: suppressionNote,
  },
} as const;

export const reportRecordSchema = {
  type: 'object',
  properties: {
    id: int, subject: str, project: str, digest: str, target: str, pullRequest: str, commit: str, pipeline: str, toolVersion: str,
    findings: int, vulnerabilities: int, errors: int, uploadedBy: str, receivedAt: dateTime,
  },
} as const;

export const imageSchema = {
  type: 'object',
  properties: {
    digest: str,
    references: { type: 'array', items: { type: 'object', properties: { repository: str, tag: str, firstSeen: dateTime, lastSeen: dateTime } } },
    firstSeen: dateTime,
    lastSeen: dateTime,
    sbom: { type: 'object', properties: { format: str, packages: int, storedAt: dateTime } },
  },
} as const;

export const exposureSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          digest: str,
          references: { type: 'array', items: { type: 'object', properties: { repository: str, tag: str } } },
          vulnerabilities: { type: 'array', items: str },
          running: { type: 'array', items: { type: 'object', properties: { cluster: str, namespace: str, kind: str, name: str, container: str, seenAt: dateTime } } },
          introducedBy: reportRecordSchema,
        },
      },
    },
  },
} as const;

export function pageOf(item: JsonSchema): JsonSchema {
  return { type: 'object', properties: { items: { type: 'array', items: item }, next: { type: 'string', description: 'Cursor of the next page; absent on the last.' } } };
}

const kubeName = { type: 'string', maxLength: 253 } as const;
export const clusterInventorySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['cluster', 'workloads'],
  properties: {
    cluster: name,
    workloads: {
      type: 'array',
      maxItems: 200_000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['namespace', 'kind', 'name', 'container', 'image'],
        properties: { namespace: kubeName, kind: { type: 'string', maxLength: 100 }, name: kubeName, container: kubeName, image: { type: 'string', maxLength: 600 }, digest },
      },
    },
  },
} as const;

export const admissionDecisionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['decisions'],
  properties: {
    decisions: {
      type: 'array',
      maxItems: 10_000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['cluster', 'kind', 'operation', 'allowed', 'decidedAt'],
        properties: {
          cluster: name, namespace: kubeName, kind: { type: 'string', maxLength: 100 }, name: kubeName, operation: { type: 'string', enum: ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'] },
          user: { type: 'string', maxLength: 500 }, allowed: { type: 'boolean' },
          rules: { type: 'array', maxItems: 500, items: { type: 'string', maxLength: 200 } },
          images: { type: 'array', maxItems: 500, items: { type: 'string', maxLength: 600 } },
          decidedAt: dateTime,
        },
      },
    },
  },
} as const;

export const suppressionInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['target', 'reason'],
  properties: {
    target: { type: 'string', minLength: 1, maxLength: 200, description: 'A finding fingerprint, a vulnerability ID or a rule ID.' },
    subject: { type: 'string', maxLength: 600, description: 'image:<digest> or project:<name>; absent for everywhere.' },
    reason: { type: 'string', minLength: 3, maxLength: 2000 },
    expiresAt: dateTime,
  },
} as const;

export const suppressionSchema = {
  type: 'object',
  properties: { id: int, target: str, subject: str, reason: str, createdBy: str, createdAt: dateTime, expiresAt: dateTime },
} as const;

export const tokenInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'scopes'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    scopes: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: [...SCOPES] } },
    expiresAt: dateTime,
  },
} as const;

export const tokenSchema = {
  type: 'object',
  properties: { id: int, name: str, scopes: { type: 'array', items: str }, createdAt: dateTime, expiresAt: dateTime, revokedAt: dateTime },
} as const;

export const jobSchema = {
  type: 'object',
  properties: {
    id: int, kind: str, state: str, attempts: int, maxAttempts: int, runAt: dateTime, leaseOwner: str, lastError: str,
    payload: { type: 'object', additionalProperties: true }, result: { type: 'object', additionalProperties: true },
  },
} as const;

export const jobInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: { kind: { type: 'string', enum: ['db-update', 'rematch', 'watch'] }, payload: { type: 'object' } },
} as const;
