import type { Logger } from 'pino';
import { isEmptyDiff } from '../rematch/index.js';
import { checkTargetUrl, DEFAULT_NOTIFY_RETRY, deliver, type DeliveryOutcome } from './deliver.js';
import { changeKey, slackPayload, webhookPayload, type ImageChange } from './payload.js';
import type { RetryPolicy } from '../../../sources/image/registry/retry.js';

export interface NotificationTarget {
  /** Names the target in logs, results and de-duplication keys; never the URL. */
  name: string;
  /** `webhook`: the documented JSON body, signed when `secret` is set. `slack`: a Slack incoming-webhook body. */
  kind: 'webhook' | 'slack';
  url: string;
  /** Shared secret for the HMAC-SHA256 signature header (webhook only). */
  secret?: string;
  /** Allows a plain-HTTP URL to a host other than loopback. */
  insecure?: boolean;
}

/**
 * What was sent already, by key. A store keeps it so a restarted server, or another replica, does not send a change
 * again; `add` is called only after a target accepted the message.
 */
export interface SentLog {
  has(key: string): Promise<boolean> | boolean;
  add(key: string): Promise<void> | void;
}

export interface NotifierOptions {
  targets: readonly NotificationTarget[];
  /** In memory, for this process only, when not given. */
  sent?: SentLog;
  /** Per attempt, connect to response; 10 s by default. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  now?: () => Date;
  signal?: AbortSignal;
}

export type DeliveryStatus = 'sent' | 'duplicate' | 'failed';

export interface TargetResult {
  target: string;
  status: DeliveryStatus;
  attempts: number;
  error?: string;
}

export interface Notifier {
  /** Sends one image's change to every target; an empty diff sends nothing. Never throws for a target's failure. */
  notify(change: ImageChange): Promise<TargetResult[]>;
}

export function memorySentLog(): SentLog {
  const keys = new Set<string>();
  return { has: (key) => keys.has(key), add: (key) => void keys.add(key) };
}

/** Checks every target up front, so a typo in a URL fails at start-up rather than at the first advisory. */
export function createNotifier(options: NotifierOptions): Notifier {
  const names = new Set<string>();
  const targets = options.targets.map((target) => {
    if (names.has(target.name)) throw new Error(`notification target ${target.name}: the name is used twice`);
    names.add(target.name);
    if (target.kind === 'slack' && target.secret !== undefined) throw new Error(`notification target ${target.name}: Slack webhooks take no secret`);
    if (target.secret === '') throw new Error(`notification target ${target.name}: the secret is empty`);
    try {
      return { target, url: checkTargetUrl(target.url, target.insecure === true) };
    } catch (error) {
      throw new Error(`notification target ${target.name}: ${(error as Error).message}`);
    }
  });
  const sent = options.sent ?? memorySentLog();
  const retry = { ...DEFAULT_NOTIFY_RETRY, ...options.retry };
  const now = options.now ?? (() => new Date());

  return {
    async notify(change) {
      if (isEmptyDiff(change.diff)) return [];
      const id = changeKey(change);
      const payload = webhookPayload(change, id, now());
      return Promise.all(
        targets.map(async ({ target, url }): Promise<TargetResult> => {
          const key = `${target.name}\0${id}`;
          if (await sent.has(key)) return { target: target.name, status: 'duplicate', attempts: 0 };
          const body = JSON.stringify(target.kind === 'slack' ? slackPayload(payload) : payload);
          const outcome: DeliveryOutcome = await deliver({
            url,
            body,
            ...(target.secret !== undefined ? { secret: target.secret } : {}),
            deliveryId: id,
            timeoutMs: options.timeoutMs ?? 10_000,
            retry,
            ...(options.signal ? { signal: options.signal } : {}),
          });
          // The host only: a Slack URL's path is its credential.
          const log = { target: target.name, host: url.host, digest: change.digest, delivery: id, attempts: outcome.attempts };
          if (outcome.ok) {
            await sent.add(key);
            options.logger?.info({ ...log, status: outcome.status }, 'notification sent');
            return { target: target.name, status: 'sent', attempts: outcome.attempts };
          }
          options.logger?.warn({ ...log, error: outcome.error }, 'notification failed');
          return { target: target.name, status: 'failed', attempts: outcome.attempts, ...(outcome.error ? { error: outcome.error } : {}) };
        }),
      );
    },
  };
}
