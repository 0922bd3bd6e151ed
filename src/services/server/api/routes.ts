import type { FastifyReply } from 'fastify';
import type { JsonReport } from '../../../formats/json.js';
import { readSbom } from '../../../formats/sbom/index.js';
import type { Severity } from '../../../core/severity.js';
import type { Store } from '../store/store.js';
import type { Scope } from '../store/tokens.js';
import type { ClusterInventory, Status, TokenRecord } from '../store/types.js';
import * as s from './schemas.js';

/** Reports and SBOMs of large images run to megabytes; 64 MiB leaves room for 50,000 findings and refuses worse. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
/** Everything else the API accepts is small. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface RouteInput {
  query: Record<string, unknown>;
  params: Record<string, unknown>;
  body: unknown;
  /** Undefined only on public routes. */
  token: TokenRecord | undefined;
}

export interface RouteSpec {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  summary: string;
  /** The scope a token needs; `public` routes (probes) take none. */
  scope: Scope | 'public';
  tags: string[];
  schema: { querystring?: s.JsonSchema; params?: s.JsonSchema; body?: s.JsonSchema; response?: Record<number, s.JsonSchema> };
  bodyLimit?: number;
  handler(input: RouteInput, reply: FastifyReply): Promise<unknown>;
}

/** A 400 with a reason: input the schema let through but the store cannot use. */
export class BadInputError extends Error {
  override name = 'BadInputError';
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const page = (query: Record<string, unknown>) => ({ limit: Number(query.limit ?? 50), ...(str(query.cursor) ? { cursor: str(query.cursor)! } : {}) });
const severities = (value: unknown): Severity[] | undefined => (typeof value === 'string' ? (value.split(',') as Severity[]) : undefined);
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
const notFound = (reply: FastifyReply, what: string) => reply.code(404).send({ error: 'not found', reason: what });

/** Every route of the API, as data: registration, authorization, the OpenAPI document and the auth test iterate it. */
export function apiRoutes(store: Store, ready: () => Promise<string | undefined>): RouteSpec[] {
  const routes: RouteSpec[] = [
    {
      method: 'GET', url: '/healthz', summary: 'Liveness: the process answers.', scope: 'public', tags: ['probes'], schema: {},
      handler: async (_input, reply) => reply.type('text/plain').send('ok'),
    },
    {
      method: 'GET', url: '/readyz', summary: 'Readiness: the database answers.', scope: 'public', tags: ['probes'], schema: {},
      handler: async (_input, reply) => {
        const problem = await ready();
        return reply.code(problem ? 503 : 200).type('text/plain').send(problem ?? 'ok');
      },
    },
    {
      method: 'POST', url: '/api/v1/reports', summary: 'Store a report of `rampart scan|image --format json` (the contract of docs/report.schema.json).',
      scope: 'ingest', tags: ['ingest'], bodyLimit: MAX_UPLOAD_BYTES,
      schema: { querystring: s.reportUploadQuery, body: s.reportSchema(), response: { 201: s.ingestOutcomeSchema } },
      handler: async ({ query, body, token }, reply) => {
        // The schema's schemaVersion pattern admits contract 1.x only: a 2.0 report is refused there, not misread here.
        const outcome = await store.ingestReport(body as JsonReport, defined({
          project: str(query.project), team: str(query.team), pullRequest: str(query.pullRequest), commit: str(query.commit), pipeline: str(query.pipeline),
          uploadedBy: token!.name,
        }));
        return reply.code(201).send(outcome);
      },
    },
    {
      method: 'GET', url: '/api/v1/reports', summary: 'Stored reports, newest first.', scope: 'read', tags: ['reports'],
      schema: { querystring: s.reportsQuery, response: { 200: s.pageOf(s.reportRecordSchema) } },
      handler: async ({ query }) => store.listReports(defined({ project: str(query.project), digest: str(query.digest) }), page(query)),
    },
    {
      method: 'GET', url: '/api/v1/reports/:id', summary: 'One stored report\'s metadata.', scope: 'read', tags: ['reports'],
      schema: { params: s.idParams, response: { 200: s.reportRecordSchema } },
      handler: async ({ params }, reply) => (await store.getReport(Number(params.id))) ?? notFound(reply, 'no such report'),
    },
    {
      method: 'POST', url: '/api/v1/sboms', summary: 'Store the inventory (CycloneDX or SPDX JSON SBOM) of an image digest, for re-matching.',
      scope: 'ingest', tags: ['ingest'], bodyLimit: MAX_UPLOAD_BYTES,
      schema: { querystring: s.sbomUploadQuery, body: { type: 'object' }, response: { 201: { type: 'object', properties: { digest: { type: 'string' }, packages: { type: 'integer' } } } } },
      handler: async ({ query, body }, reply) => {
        const document = JSON.stringify(body);
        const read = readSbom(document, 'upload');
        if (read.errors.length > 0) throw new BadInputError(`not a usable SBOM: ${read.errors.map((e) => e.message).join('; ').slice(0, 500)}`);
        const format = (body as { bomFormat?: unknown }).bomFormat === 'CycloneDX' ? 'cyclonedx' : 'spdx';
        const digest = str(query.digest)!;
        const references = Array.isArray(query.reference) ? (query.reference as string[]) : [];
        await store.ingestSbom({ digest, references, format, packages: read.packages.length, document });
        return reply.code(201).send({ digest, packages: read.packages.length });
      },
    },
    {
      method: 'POST', url: '/api/v1/admission-decisions', summary: 'Store admission decisions (who deployed what, allowed or denied, by which rules).',
      scope: 'ingest', tags: ['ingest'], bodyLimit: MAX_BODY_BYTES,
      schema: { body: s.admissionDecisionsSchema, response: { 201: { type: 'object', properties: { stored: { type: 'integer' } } } } },
      handler: async ({ body }, reply) => {
        const { decisions } = body as { decisions: Array<{ cluster: string; namespace?: string; kind: string; name?: string; operation: string; user?: string; allowed: boolean; rules?: string[]; images?: string[]; decidedAt: string }> };
        const stored = await store.ingestAdmissionDecisions(decisions.map((d) => ({ ...d, rules: d.rules ?? [], images: d.images ?? [], decidedAt: Date.parse(d.decidedAt) })));
        return reply.code(201).send({ stored });
      },
    },
    {
      method: 'POST', url: '/api/v1/cluster-inventories', summary: 'Replace a cluster\'s running inventory: which image digests run in which workloads.',
      scope: 'ingest', tags: ['ingest'], bodyLimit: MAX_UPLOAD_BYTES,
      schema: { body: s.clusterInventorySchema, response: { 201: { type: 'object', properties: { stored: { type: 'integer' } } } } },
      handler: async ({ body }, reply) => reply.code(201).send({ stored: await store.ingestClusterInventory(body as ClusterInventory) }),
    },
    {
      method: 'GET', url: '/api/v1/images', summary: 'Images by digest, with every repository and tag they were seen under.', scope: 'read', tags: ['images'],
      schema: { querystring: s.imagesQuery, response: { 200: s.pageOf(s.imageSchema) } },
      handler: async ({ query }) => store.listImages(defined({ repository: str(query.repository) }), page(query)),
    },
    {
      method: 'GET', url: '/api/v1/images/:digest/sbom', summary: 'The stored SBOM of an image, as uploaded.', scope: 'read', tags: ['images'],
      schema: { params: s.digestParams },
      handler: async ({ params }, reply) => {
        const document = await store.sbomDocument(str(params.digest)!);
        return document === undefined ? notFound(reply, 'no SBOM for this digest') : reply.type('application/json').send(document);
      },
    },
    {
      method: 'GET', url: '/api/v1/findings', summary: 'Findings with first-seen, last-seen and fixed-at, newest first.', scope: 'read', tags: ['findings'],
      schema: { querystring: s.findingsQuery, response: { 200: s.pageOf(s.findingSchema) } },
      handler: async ({ query }) => store.listFindings(defined({
        project: str(query.project), subject: str(query.subject), ruleId: str(query.rule), severity: severities(query.severity), status: (str(query.status) ?? 'open') as Status,
      }), page(query)),
    },
    {
      method: 'GET', url: '/api/v1/vulnerabilities', summary: 'Vulnerabilities with first-seen, last-seen and fixed-at, newest first.', scope: 'read', tags: ['findings'],
      schema: { querystring: s.vulnerabilitiesQuery, response: { 200: s.pageOf(s.vulnerabilitySchema) } },
      handler: async ({ query }) => store.listVulnerabilities(defined({
        project: str(query.project), digest: str(query.digest), vulnerabilityId: str(query.id), packageName: str(query.package), severity: severities(query.severity),
        status: (str(query.status) ?? 'open') as Status,
      }), page(query)),
    },
    {
      method: 'GET', url: '/api/v1/exposure', summary: 'Where an image, or every image with an open advisory, runs now, and the report (pull request, commit) that first brought it.',
      scope: 'read', tags: ['findings'],
      schema: { querystring: s.exposureQuery, response: { 200: s.exposureSchema } },
      handler: async ({ query }) => ({ items: await store.exposure(defined({ digest: str(query.digest), vulnerabilityId: str(query.vulnerability) })) }),
    },
    {
      method: 'GET', url: '/api/v1/changes', summary: 'What each re-match changed per image (added, gone, fix available, severity changed), newest first.',
      scope: 'read', tags: ['findings'],
      schema: { querystring: s.changesQuery, response: { 200: s.pageOf(s.imageChangeSchema) } },
      handler: async ({ query }) => store.listImageChanges(defined({ digest: str(query.digest) }), page(query)),
    },
    {
      method: 'GET', url: '/api/v1/suppressions', summary: 'Suppressions with who made them and why.', scope: 'read', tags: ['suppressions'],
      schema: { response: { 200: { type: 'object', properties: { items: { type: 'array', items: s.suppressionSchema } } } } },
      handler: async () => ({ items: await store.listSuppressions() }),
    },
    {
      method: 'POST', url: '/api/v1/suppressions', summary: 'Suppress a finding (fingerprint), a vulnerability (ID) or a rule, with a reason; recorded with the token\'s name.',
      scope: 'admin', tags: ['suppressions'], bodyLimit: MAX_BODY_BYTES,
      schema: { body: s.suppressionInputSchema, response: { 201: s.suppressionSchema } },
      handler: async ({ body, token }, reply) => {
        const input = body as { target: string; subject?: string; reason: string; expiresAt?: string };
        const record = await store.addSuppression(defined({ target: input.target, subject: input.subject, reason: input.reason, createdBy: token!.name, expiresAt: input.expiresAt ? Date.parse(input.expiresAt) : undefined }));
        return reply.code(201).send(record);
      },
    },
    {
      method: 'DELETE', url: '/api/v1/suppressions/:id', summary: 'Remove a suppression.', scope: 'admin', tags: ['suppressions'],
      schema: { params: s.idParams },
      handler: async ({ params }, reply) => ((await store.deleteSuppression(Number(params.id))) ? reply.code(204).send() : notFound(reply, 'no such suppression')),
    },
    {
      method: 'GET', url: '/api/v1/tokens', summary: 'API tokens (never their values).', scope: 'admin', tags: ['tokens'],
      schema: { response: { 200: { type: 'object', properties: { items: { type: 'array', items: s.tokenSchema } } } } },
      handler: async () => ({ items: await store.listTokens() }),
    },
    {
      method: 'POST', url: '/api/v1/tokens', summary: 'Create a token; its value is in this response only.', scope: 'admin', tags: ['tokens'], bodyLimit: MAX_BODY_BYTES,
      schema: { body: s.tokenInputSchema, response: { 201: { type: 'object', properties: { token: { type: 'string' }, record: s.tokenSchema } } } },
      handler: async ({ body }, reply) => {
        const input = body as { name: string; scopes: Scope[]; expiresAt?: string };
        return reply.code(201).send(await store.createToken(input.name, input.scopes, input.expiresAt ? Date.parse(input.expiresAt) : undefined));
      },
    },
    {
      method: 'DELETE', url: '/api/v1/tokens/:id', summary: 'Revoke a token.', scope: 'admin', tags: ['tokens'],
      schema: { params: s.idParams },
      handler: async ({ params }, reply) => ((await store.revokeToken(Number(params.id))) ? reply.code(204).send() : notFound(reply, 'no such live token')),
    },
    {
      method: 'GET', url: '/api/v1/jobs', summary: 'The newest jobs of the shared queue.', scope: 'admin', tags: ['jobs'],
      schema: { response: { 200: { type: 'object', properties: { items: { type: 'array', items: s.jobSchema } } } } },
      handler: async () => ({ items: await store.jobs.list() }),
    },
    {
      method: 'POST', url: '/api/v1/jobs', summary: 'Queue a job now (db-update, rematch, watch).', scope: 'admin', tags: ['jobs'], bodyLimit: MAX_BODY_BYTES,
      schema: { body: s.jobInputSchema, response: { 202: { type: 'object', properties: { id: { type: 'integer' } } } } },
      handler: async ({ body }, reply) => {
        const input = body as { kind: string; payload?: unknown };
        return reply.code(202).send({ id: await store.jobs.enqueue({ kind: input.kind, payload: input.payload ?? {} }) });
      },
    },
  ];
  for (const route of routes) {
    if (route.scope !== 'public') route.schema.response = { ...route.schema.response, 400: s.errorSchema, 401: s.errorSchema, 403: s.errorSchema };
  }
  return routes;
}
