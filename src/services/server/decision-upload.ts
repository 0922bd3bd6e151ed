import type { Logger } from 'pino';
import { makeObject } from '../../parsers/kubernetes/objects.js';
import { asRecord } from '../../parsers/kubernetes/values.js';
import { valueDocument } from '../../parsers/kubernetes/value-document.js';
import { containersOf, podTemplateOf } from '../../parsers/kubernetes/workloads.js';
import type { Decision } from '../admission/decide.js';
import type { AdmissionRequest } from '../admission/review.js';
import { uploadAdmissionDecisions, type UploadedDecision, type UploadOptions } from './upload.js';

export interface DecisionUploaderOptions {
  upload: UploadOptions;
  logger: Logger;
  /** How often queued decisions are sent. Default 5 s. */
  flushMs?: number;
  /** Decisions per request (the API takes up to 10,000). Default 500. */
  batchSize?: number;
  /** Decisions held while the server is unreachable; the oldest are dropped beyond it, and the drops are logged. */
  maxQueued?: number;
  /** Sends one batch; the real upload by default (tests replace it). */
  send?: (decisions: readonly UploadedDecision[], options: UploadOptions) => Promise<unknown>;
}

export interface DecisionUploader {
  /** Never blocks nor fails an admission response: the decision is queued and sent later in a batch. */
  record(decision: UploadedDecision): void;
  /** Sends what is queued, then stops. */
  close(): Promise<void>;
}

/**
 * Admission decisions on their way to `rampart serve`, batched off the request path: the webhook answers in
 * milliseconds whether the server is up or not, and a server that is down costs memory up to `maxQueued` only.
 */
export function createDecisionUploader(options: DecisionUploaderOptions): DecisionUploader {
  const batchSize = options.batchSize ?? 500;
  const maxQueued = options.maxQueued ?? 10_000;
  const send = options.send ?? uploadAdmissionDecisions;
  let queue: UploadedDecision[] = [];
  let dropped = 0;
  let sending: Promise<void> | undefined;

  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.slice(0, batchSize);
      try {
        await send(batch, options.upload);
        queue = queue.slice(batch.length);
      } catch (error) {
        // Kept for the next tick: the server may be restarting.
        options.logger.warn({ err: (error as Error).message, queued: queue.length }, 'admission decisions not uploaded; retrying');
        return;
      }
    }
    if (dropped > 0) {
      options.logger.warn({ dropped }, 'admission decisions dropped while the server was unreachable');
      dropped = 0;
    }
  };
  const tick = () => {
    sending ??= flush().finally(() => (sending = undefined));
  };
  const timer = setInterval(tick, options.flushMs ?? 5000);
  timer.unref();

  return {
    record(decision) {
      queue.push(decision);
      if (queue.length > maxQueued) {
        dropped += queue.length - maxQueued;
        queue = queue.slice(queue.length - maxQueued);
      }
      if (queue.length >= batchSize) tick();
    },
    async close() {
      clearInterval(timer);
      await sending;
      await flush();
    },
  };
}

/** A webhook decision as the server stores it: who deployed what, allowed or not, by which rules, with which images. */
export function uploadedDecision(cluster: string, request: AdmissionRequest, decision: Decision, now: Date = new Date()): UploadedDecision {
  const raw = request.object ?? request.oldObject;
  const metadata = asRecord(raw?.metadata);
  const name = request.name ?? (typeof metadata?.name === 'string' ? metadata.name : undefined);
  return {
    cluster,
    ...(request.namespace ? { namespace: request.namespace } : {}),
    kind: request.kind.kind,
    ...(name ? { name } : {}),
    operation: request.operation,
    user: request.userInfo.username,
    allowed: decision.response.allowed,
    rules: [...new Set(decision.verdicts.map((verdict) => verdict.ruleId))],
    images: raw ? imagesOf(raw) : [],
    decidedAt: now.toISOString(),
  };
}

function imagesOf(raw: Record<string, unknown>): string[] {
  const pod = podTemplateOf(makeObject(raw, valueDocument('admission', raw), []));
  if (!pod) return [];
  return [...new Set(containersOf(pod).flatMap(({ container }) => (typeof container.image === 'string' ? [container.image] : [])))];
}
