import { iso } from './rows.js';
import type { SqlDriver, SqlExecutor } from './sql.js';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface Job {
  id: number;
  kind: string;
  payload: unknown;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  leaseOwner?: string;
  lastError?: string;
  result?: unknown;
}

export interface EnqueueRequest {
  kind: string;
  payload?: unknown;
  /** Default: now. */
  runAt?: number;
  /** At most one job ever carries a key: replicas scheduling the same periodic job insert it once. */
  dedupeKey?: string;
  /** Default 5. A job whose worker died counts the attempt too, so a job that crashes its worker stops being retried. */
  maxAttempts?: number;
}

interface JobRow {
  id: number;
  kind: string;
  payload: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  run_at: number;
  lease_owner: string | null;
  last_error: string | null;
  result: string | null;
  [key: string]: unknown;
}

function jobOf(row: JobRow): Job {
  return {
    id: Number(row.id),
    kind: row.kind,
    payload: JSON.parse(row.payload) as unknown,
    state: row.state,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    runAt: iso(row.run_at),
    ...(row.lease_owner !== null ? { leaseOwner: row.lease_owner } : {}),
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
    ...(row.result !== null ? { result: JSON.parse(row.result) as unknown } : {}),
  };
}

/**
 * Inserts a job with whatever executor the caller holds: inside another write's transaction, the job exists exactly
 * when that write committed (an outbox), so a crash between the two can neither lose nor invent the job.
 */
export async function insertJob(db: SqlExecutor, request: EnqueueRequest, now: number): Promise<number | undefined> {
  const rows = await db.all<{ id: number }>(
    `INSERT INTO jobs (kind, payload, dedupe_key, state, run_at, attempts, max_attempts, created_at) VALUES (?, ?, ?, 'queued', ?, 0, ?, ?)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [request.kind, JSON.stringify(request.payload ?? {}), request.dedupeKey ?? null, request.runAt ?? now, request.maxAttempts ?? 5, now],
  );
  return rows[0] ? Number(rows[0].id) : undefined;
}

/**
 * The work queue every replica shares. A worker claims a job with a lease and renews it while working; a job whose
 * lease ran out (its worker died) is claimable again. On PostgreSQL the claim is `FOR UPDATE SKIP LOCKED`, so
 * replicas never block on or take the same row; SQLite has one writer at a time, which gives the same guarantee.
 * Completing or failing needs the lease still held, so a worker that lost its lease cannot overwrite the outcome of the
 * one that took over.
 */
export class JobQueue {
  constructor(private readonly driver: SqlDriver, private readonly clock: () => number = Date.now) {}

  /** The new job's id, or undefined when a job with the same dedupe key already exists. */
  async enqueue(request: EnqueueRequest): Promise<number | undefined> {
    return insertJob(this.driver, request, this.clock());
  }

  async claim(owner: string, leaseMs: number, kinds?: readonly string[]): Promise<Job | undefined> {
    const now = this.clock();
    const kindFilter = kinds?.length ? `AND kind IN (${kinds.map(() => '?').join(', ')})` : '';
    const lock = this.driver.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
    await this.expireExhausted(now);
    const rows = await this.driver.all<JobRow>(
      `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?
       WHERE id = (
         SELECT id FROM jobs
         WHERE ((state = 'queued' AND run_at <= ?) OR (state = 'running' AND lease_expires_at < ?)) AND attempts < max_attempts ${kindFilter}
         ORDER BY run_at, id LIMIT 1 ${lock}
       ) RETURNING *`,
      [owner, now + leaseMs, now, now, ...(kinds ?? [])],
    );
    return rows[0] ? jobOf(rows[0]) : undefined;
  }

  /** False when the lease is no longer ours (it expired and another worker took the job). */
  async renew(id: number, owner: string, leaseMs: number): Promise<boolean> {
    return (await this.driver.run(`UPDATE jobs SET lease_expires_at = ? WHERE id = ? AND lease_owner = ? AND state = 'running'`, [this.clock() + leaseMs, id, owner])) > 0;
  }

  async complete(id: number, owner: string, result?: unknown): Promise<boolean> {
    return (await this.driver.run(
      `UPDATE jobs SET state = 'done', finished_at = ?, result = ?, lease_expires_at = NULL WHERE id = ? AND lease_owner = ? AND state = 'running'`,
      [this.clock(), result === undefined ? null : JSON.stringify(result), id, owner],
    )) > 0;
  }

  /** Back in the queue after `retryInMs`, or failed for good once its attempts are spent. */
  async fail(id: number, owner: string, error: string, retryInMs: number): Promise<boolean> {
    const now = this.clock();
    return (await this.driver.run(
      `UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
         finished_at = CASE WHEN attempts >= max_attempts THEN CAST(? AS BIGINT) ELSE NULL END,
         run_at = ?, last_error = ?, lease_owner = NULL, lease_expires_at = NULL
       WHERE id = ? AND lease_owner = ? AND state = 'running'`,
      [now, now + retryInMs, error.slice(0, 2000), id, owner],
    )) > 0;
  }

  async get(id: number): Promise<Job | undefined> {
    const [row] = await this.driver.all<JobRow>('SELECT * FROM jobs WHERE id = ?', [id]);
    return row ? jobOf(row) : undefined;
  }

  async list(limit = 100): Promise<Job[]> {
    return (await this.driver.all<JobRow>('SELECT * FROM jobs ORDER BY id DESC LIMIT ?', [limit])).map(jobOf);
  }

  /** Finished jobs older than the cut-off go; their dedupe keys belong to periods long past. */
  async prune(before: number): Promise<number> {
    return this.driver.run(`DELETE FROM jobs WHERE state IN ('done', 'failed') AND finished_at < ?`, [before]);
  }

  /** A job whose last worker died on its final attempt is failed rather than left running forever. */
  private async expireExhausted(now: number): Promise<void> {
    await this.driver.run(
      `UPDATE jobs SET state = 'failed', finished_at = ?, last_error = COALESCE(last_error, 'the worker stopped before finishing'), lease_owner = NULL
       WHERE state = 'running' AND lease_expires_at < ? AND attempts >= max_attempts`,
      [now, now],
    );
  }
}
