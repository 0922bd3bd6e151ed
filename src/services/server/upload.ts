import type { RunningContainer } from '../../sources/cluster/running.js';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** CI metadata sent with a report; the server stores it with every finding's first and last report. */
export interface UploadContext {
  project?: string;
  pullRequest?: string;
  commit?: string;
  pipeline?: string;
}

export interface UploadOptions {
  /** The server's base URL, e.g. https://rampart.example.com. */
  server: string;
  token: string;
  timeoutMs?: number;
  /** Extra CA certificates (PEM) to trust, e.g. a generated certificate's CA. */
  ca?: string;
}

export class UploadError extends Error {
  override name = 'UploadError';
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

/** The context CI systems already provide, so `--upload` needs only the token in most pipelines. */
export function uploadContextFromEnv(env: NodeJS.ProcessEnv): UploadContext {
  const project = env.RAMPART_PROJECT ?? env.GITHUB_REPOSITORY ?? env.CI_PROJECT_PATH;
  const prFromRef = /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '')?.[1];
  const pullRequest = env.RAMPART_PULL_REQUEST ?? prFromRef ?? env.CI_MERGE_REQUEST_IID;
  const commit = env.RAMPART_COMMIT ?? env.GITHUB_SHA ?? env.CI_COMMIT_SHA;
  const pipeline = env.RAMPART_PIPELINE ?? (env.GITHUB_RUN_ID && env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : env.CI_PIPELINE_URL);
  return Object.fromEntries(Object.entries({ project, pullRequest, commit, pipeline }).filter(([, v]) => v)) as UploadContext;
}

/** Posts a JSON report to `/api/v1/reports`; resolves with the server's outcome, rejects with its reason. */
export async function uploadReport(json: string, context: UploadContext, options: UploadOptions): Promise<unknown> {
  const query = new URLSearchParams(Object.entries(context).filter(([, v]) => typeof v === 'string') as Array<[string, string]>);
  return post(`/api/v1/reports${query.size ? `?${query}` : ''}`, json, options);
}

/** One admission decision as `POST /api/v1/admission-decisions` stores it. */
export interface UploadedDecision {
  cluster: string;
  namespace?: string;
  kind: string;
  name?: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  user?: string;
  allowed: boolean;
  rules: string[];
  images: string[];
  decidedAt: string;
}

export async function uploadAdmissionDecisions(decisions: readonly UploadedDecision[], options: UploadOptions): Promise<unknown> {
  return post('/api/v1/admission-decisions', JSON.stringify({ decisions }), options);
}

/** An image's inventory (a CycloneDX or SPDX JSON document), stored for re-matching under its manifest digest. */
export async function uploadSbom(document: string, image: { digest: string; references: readonly string[] }, options: UploadOptions): Promise<unknown> {
  const query = new URLSearchParams([['digest', image.digest], ...image.references.map((reference): [string, string] => ['reference', reference])]);
  return post(`/api/v1/sboms?${query}`, document, options);
}

/** One container of a running workload, as `POST /api/v1/cluster-inventories` stores it. */
export type UploadedWorkload = RunningContainer;

/** Replaces what the server knows runs in this cluster: the answer to "where does this vulnerable image run". */
export async function uploadClusterInventory(cluster: string, workloads: readonly UploadedWorkload[], options: UploadOptions): Promise<unknown> {
  return post('/api/v1/cluster-inventories', JSON.stringify({ cluster, workloads }), options);
}

function post(path: string, body: string, options: UploadOptions): Promise<unknown> {
  let url: URL;
  try {
    url = new URL(path, options.server.endsWith('/') ? options.server : `${options.server}/`);
  } catch {
    return Promise.reject(new UploadError(`--upload must be a URL such as https://rampart.example.com, not "${options.server}"`));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return Promise.reject(new UploadError(`--upload must be an https:// URL, not ${url.protocol}`));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const payload = Buffer.from(body, 'utf8');
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': payload.length, authorization: `Bearer ${options.token}` },
      timeout: options.timeoutMs ?? 120_000,
      ...(options.ca ? { ca: options.ca } : {}),
    }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) response.destroy(new UploadError('the server answered with more than 1 MiB'));
        else chunks.push(chunk);
      });
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) return resolve(parsed);
        const reason = (parsed as { reason?: unknown } | undefined)?.reason;
        reject(new UploadError(`the server refused the upload (${status}${typeof reason === 'string' ? `: ${reason.slice(0, 500)}` : ''})`));
      });
    });
    req.on('timeout', () => req.destroy(new UploadError('the server did not answer in time')));
    req.on('error', (error) => reject(error instanceof UploadError ? error : new UploadError(`the upload failed: ${error.message}`)));
    req.end(payload);
  });
}
