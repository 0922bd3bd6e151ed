import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ADMISSION_API_VERSION } from './review.js';
import { WARM_UP_NAMESPACE, WARM_UP_OBJECTS } from './warm-up-objects.js';

/** The header that marks the server's own warm-up requests; its value is a secret of the process, gone once warm. */
export const WARM_UP_HEADER = 'rampart-warm-up';
/** Requests in flight at once: enough to exercise several connections, as the API server opens a few. */
const CONCURRENCY = 4;
/** One in this many goes to /mutate: the rest of the path is shared, the mutation code is not. */
const MUTATE_EVERY = 5;
/** A warm-up that has not finished by then (a socket that never answers) is given up: the server then serves cold. */
const DEADLINE_MS = 30_000;

/**
 * Until V8 has compiled the hot path (TLS, the HTTP parser, fastify, JSON, every rule), a review costs several times
 * what it costs later. Measured with an open-loop load of 1,000 reviews a second on loopback, a cold server fell
 * behind for its first 2 to 5 seconds, the backlog reaching 100 to 600 ms; after a few thousand reviews of its own
 * over real sockets before taking traffic, the first second's p99 was 6 to 11 ms. In-process calls warm only the rules.
 */
export class WarmUp {
  /** Kept as the text sent: decoding what a request carries would accept several spellings of one token. */
  private token: Buffer | undefined = Buffer.from(randomBytes(32).toString('base64url'));

  /** Whether a request carries this process's warm-up token, while warming up (afterwards nothing does). */
  isWarmUpRequest(value: string | string[] | undefined): boolean {
    const token = this.token;
    if (!token || typeof value !== 'string') return false;
    const given = Buffer.from(value);
    return given.length === token.length && timingSafeEqual(given, token);
  }

  get warming(): boolean {
    return this.token !== undefined;
  }

  /**
   * Sends `requests` reviews to the server at `url` (its own listening socket), then forgets the token; rejects on the
   * first failed request or after `deadlineMs`, with the token forgotten too. The server's certificate is not
   * verified: the connection goes to the socket this process has just bound, and the requests carry made-up objects.
   */
  async run(url: string, requests: number, deadlineMs = DEADLINE_MS): Promise<void> {
    const token = this.token;
    if (!token) return;
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: CONCURRENCY, rejectUnauthorized: false }) : new HttpAgent({ keepAlive: true, maxSockets: CONCURRENCY });
    // Stops every request in flight and the senders' loops, at the deadline or the first failure.
    const stop = new AbortController();
    const deadline = setTimeout(() => stop.abort(new Error(`warm-up not done within ${deadlineMs} ms`)), deadlineMs);
    const bodies = WARM_UP_OBJECTS.map((object, i) => JSON.stringify({ kind: 'AdmissionReview', apiVersion: ADMISSION_API_VERSION, request: warmUpRequest(object, i) }));
    const send = (i: number) =>
      new Promise<void>((resolve, reject) => {
        const options = {
          host: target.hostname.replace(/^\[|\]$/g, ''),
          port: target.port,
          path: i % MUTATE_EVERY === 0 ? '/mutate' : '/validate',
          method: 'POST',
          agent,
          signal: stop.signal,
          headers: { 'content-type': 'application/json', [WARM_UP_HEADER]: token.toString() },
        };
        const request = (secure ? httpsRequest : httpRequest)(options, (response) => {
          response.resume();
          response.on('end', resolve);
          response.on('error', reject);
        });
        request.on('error', reject);
        request.end(bodies[i % bodies.length]);
      });
    let next = 0;
    try {
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < requests && !stop.signal.aborted) {
            // The first failure is the reason, not the aborts it causes in the other requests.
            await send(next++).catch((error: unknown) => {
              if (!stop.signal.aborted) stop.abort(error);
              throw stop.signal.reason;
            });
          }
        }),
      );
      stop.signal.throwIfAborted();
    } finally {
      clearTimeout(deadline);
      agent.destroy();
      this.token = undefined;
    }
  }
}

/** An AdmissionRequest with the fields kube-apiserver sends, in its order, as its objects are (warm-up-objects.ts). */
function warmUpRequest(object: Record<string, unknown>, i: number) {
  const kindName = String(object.kind);
  const group = kindName === 'Deployment' ? 'apps' : '';
  const kind = { group, version: 'v1', kind: kindName };
  const resource = { group, version: 'v1', resource: `${kindName.toLowerCase()}s` };
  return {
    uid: `rampart-warm-up-${i}`,
    kind,
    resource,
    requestKind: kind,
    requestResource: resource,
    name: (object.metadata as { name?: string } | undefined)?.name,
    namespace: WARM_UP_NAMESPACE,
    operation: 'CREATE',
    userInfo: { username: 'rampart:warm-up', groups: ['system:authenticated'] },
    object,
    oldObject: null,
    dryRun: false,
    options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl-client-side-apply' },
  };
}
