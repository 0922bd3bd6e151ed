import { createHash } from 'node:crypto';
import type { VulnerabilityFinding } from '../../../core/vulnerability.js';
import type { JsonReport } from '../../../formats/json.js';
import { parseImageReference } from '../../../sources/image/registry/reference.js';
import { migrate, type MigrationOutcome } from './migrate.js';
import { REPORT_COLUMNS, findingOf, iso, reportOf, vulnerabilityOf, type FindingRow, type ReportRow, type VulnerabilityRow } from './rows.js';
import { batches, valuesList, type SqlDriver, type SqlExecutor, type SqlValue } from './sql.js';
import { hashToken, newToken, type Scope } from './tokens.js';
import type {
  AdmissionDecisionRecord, ClusterInventory, Exposure, FindingFilter, IngestOutcome, Page, PageRequest, ReportContext,
  SbomInput, StoredFinding, StoredImage, StoredReport, StoredVulnerability, SuppressionInput, SuppressionNote, SuppressionRecord,
  TokenRecord, VulnerabilityFilter, ImageChangeRecord,
} from './types.js';
import { insertJob, JobQueue, type EnqueueRequest } from './jobs.js';
import { isEmptyDiff, recordedMatch, type MatchDiff, type RecordedMatch } from '../rematch/index.js';

/** A request the store cannot answer as asked (a bad cursor, an unknown token): the API turns it into a 400 or 404. */
export class StoreInputError extends Error {
  override name = 'StoreInputError';
}

export const MAX_PAGE_SIZE = 500;

/**
 * Everything `rampart serve` keeps, over either SQL driver. One implementation serves SQLite and PostgreSQL: the SQL
 * is written once in the subset both speak (ON CONFLICT, RETURNING), so the two cannot drift apart, and the
 * conformance suite runs it against both.
 */
export class Store {
  readonly jobs: JobQueue;

  constructor(readonly driver: SqlDriver, private readonly clock: () => number = Date.now) {
    this.jobs = new JobQueue(driver, clock);
  }

  migrate(): Promise<MigrationOutcome> {
    return migrate(this.driver, undefined, this.clock());
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  /** A trivial query: `/readyz` answers from it. */
  async ping(): Promise<void> {
    await this.driver.all('SELECT 1 AS ok');
  }

  // --- tokens -------------------------------------------------------------------------------------------------

  /** The token itself is returned once and never stored; only its SHA-256 is. */
  async createToken(name: string, scopes: Scope[], expiresAt?: number): Promise<{ token: string; record: TokenRecord }> {
    const token = newToken();
    const now = this.clock();
    const [row] = await this.driver.all<{ id: number }>(
      'INSERT INTO api_tokens (name, token_hash, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
      [name, hashToken(token), scopes.join(','), now, expiresAt ?? null],
    );
    return { token, record: { id: Number(row!.id), name, scopes, createdAt: iso(now), ...(expiresAt ? { expiresAt: iso(expiresAt) } : {}) } };
  }

  /** The token's record when it is known, not revoked and not expired; otherwise undefined. */
  async authenticate(token: string): Promise<TokenRecord | undefined> {
    const [row] = await this.driver.all<TokenRow>('SELECT * FROM api_tokens WHERE token_hash = ?', [hashToken(token)]);
    if (!row || row.revoked_at !== null) return undefined;
    if (row.expires_at !== null && Number(row.expires_at) <= this.clock()) return undefined;
    return tokenOf(row);
  }

  async listTokens(): Promise<TokenRecord[]> {
    return (await this.driver.all<TokenRow>('SELECT * FROM api_tokens ORDER BY id')).map(tokenOf);
  }

  async revokeToken(id: number): Promise<boolean> {
    return (await this.driver.run('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [this.clock(), id])) > 0;
  }

  // --- ingest -------------------------------------------------------------------------------------------------

  /**
   * Stores one CI report in one transaction. The report's subject (its image, else its project) owns a current set
   * of findings and vulnerabilities: those in the report are seen now (and reopened if they had been fixed), those of
   * the subject missing from it are fixed now. Suppressed entries were accepted where the scan ran and are not stored.
   */
  async ingestReport(report: JsonReport, context: ReportContext): Promise<IngestOutcome> {
    const now = this.clock();
    const digest = report.target?.type === 'image' ? report.target.digest : undefined;
    const subject = digest ? `image:${digest}` : context.project ? `project:${context.project}` : undefined;
    if (!subject) throw new StoreInputError('a report that is not of an image needs a project (the `project` query parameter)');
    const findings = report.findings.filter((f) => !f.suppressed);
    const vulnerabilities = report.vulnerabilities.filter((v) => !v.suppressed);
    return this.driver.transaction(async (tx) => {
      const projectId = context.project ? await upsertProject(tx, context.project, context.team, now) : null;
      if (digest) await upsertImage(tx, digest, report.target?.name && !report.target.archive ? [report.target.name] : [], now);
      const [inserted] = await tx.all<{ id: number }>(
        `INSERT INTO reports (subject, project_id, digest, target, pull_request, commit_sha, pipeline, schema_version, tool_version, findings, vulnerabilities, errors, uploaded_by, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [subject, projectId, digest ?? null, report.target?.name ?? null, context.pullRequest ?? null, context.commit ?? null, context.pipeline ?? null,
          report.schemaVersion, report.tool.version, findings.length, vulnerabilities.length, report.errors.length, context.uploadedBy, now],
      );
      const reportId = Number(inserted!.id);
      // Two entries with one fingerprint (a report merged by hand) would make one statement update a row twice.
      const findingRows = [...new Map(findings.map((f) => [f.fingerprint, f])).values()].map((f): SqlValue[] => [
        subject, projectId, f.fingerprint, f.ruleId, f.severity, f.title, f.message, f.location.file, f.location.startLine,
        f.resource ? [f.resource.kind, f.resource.namespace, f.resource.name].filter(Boolean).join('/') : null, now, now, reportId, reportId,
      ]);
      for (const batch of batches(findingRows, 14)) {
        await tx.run(
          `INSERT INTO findings (subject, project_id, fingerprint, rule_id, severity, title, message, file, line, resource, first_seen, last_seen, first_report, last_report)
           VALUES ${valuesList(batch.length, 14)}
           ON CONFLICT (subject, fingerprint) DO UPDATE SET severity = excluded.severity, title = excluded.title, message = excluded.message,
             file = excluded.file, line = excluded.line, resource = excluded.resource, last_seen = excluded.last_seen,
             last_report = excluded.last_report, fixed_at = NULL, project_id = excluded.project_id`,
          batch.flat(),
        );
      }
      const vulnerabilityRows = await upsertVulnerabilities(tx, subject, projectId, digest ?? null, vulnerabilities, reportId, now);
      const fixedFindings = await tx.run('UPDATE findings SET fixed_at = ? WHERE subject = ? AND fixed_at IS NULL AND last_report <> ?', [now, subject, reportId]);
      const fixedVulnerabilities = await fixUnseenVulnerabilities(tx, subject, now);
      const [counts] = await tx.all<{ findings: number; vulnerabilities: number }>(
        `SELECT (SELECT COUNT(*) FROM findings WHERE subject = ? AND first_report = ?) AS findings,
                (SELECT COUNT(*) FROM vulnerabilities WHERE subject = ? AND first_report = ?) AS vulnerabilities`,
        [subject, reportId, subject, reportId],
      );
      return {
        reportId,
        subject,
        findings: { stored: findingRows.length, new: Number(counts!.findings), fixed: fixedFindings },
        vulnerabilities: { stored: vulnerabilityRows, new: Number(counts!.vulnerabilities), fixed: fixedVulnerabilities },
      };
    });
  }

  /** An image's inventory (the SBOM Rampart or another tool wrote), replacing an earlier one of the same digest. */
  async ingestSbom(input: SbomInput): Promise<void> {
    const now = this.clock();
    await this.driver.transaction(async (tx) => {
      await upsertImage(tx, input.digest, input.references, now);
      await tx.run(
        `INSERT INTO sboms (digest, format, packages, document, stored_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (digest) DO UPDATE SET format = excluded.format, packages = excluded.packages, document = excluded.document, stored_at = excluded.stored_at`,
        [input.digest, input.format, input.packages, input.document, now],
      );
    });
  }

  async sbomDocument(digest: string): Promise<string | undefined> {
    const [row] = await this.driver.all<{ document: string }>('SELECT document FROM sboms WHERE digest = ?', [digest]);
    return row?.document;
  }

  /** Every stored SBOM, a page at a time, in digest order: what a re-match walks. */
  async sbomPage(after: string, limit: number): Promise<Array<{ digest: string; document: string }>> {
    return this.driver.all<{ digest: string; document: string }>('SELECT digest, document FROM sboms WHERE digest > ? ORDER BY digest LIMIT ?', [after, limit]);
  }

  async ingestAdmissionDecisions(decisions: AdmissionDecisionRecord[]): Promise<number> {
    const now = this.clock();
    const rows = decisions.map((d): SqlValue[] => [
      d.cluster, d.namespace ?? null, d.kind, d.name ?? null, d.operation, d.user ?? null, d.allowed ? 1 : 0,
      JSON.stringify(d.rules), JSON.stringify(d.images), d.decidedAt, now,
    ]);
    await this.driver.transaction(async (tx) => {
      for (const batch of batches(rows, 11)) {
        await tx.run(
          `INSERT INTO admission_decisions (cluster, namespace, kind, name, operation, username, allowed, rules, images, decided_at, received_at) VALUES ${valuesList(batch.length, 11)}`,
          batch.flat(),
        );
      }
    });
    return rows.length;
  }

  /** The cluster's running workloads replace what it reported before: what no longer runs is gone. */
  async ingestClusterInventory(inventory: ClusterInventory): Promise<number> {
    const now = this.clock();
    const unique = new Map(inventory.workloads.map((w) => [`${w.namespace}\u0000${w.kind}\u0000${w.name}\u0000${w.container}`, w]));
    const rows = [...unique.values()].map((w): SqlValue[] => [inventory.cluster, w.namespace, w.kind, w.name, w.container, w.image, w.digest ?? null, now]);
    await this.driver.transaction(async (tx) => {
      await tx.run('INSERT INTO clusters (name, inventory_at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET inventory_at = excluded.inventory_at', [inventory.cluster, now]);
      await tx.run('DELETE FROM workloads WHERE cluster = ?', [inventory.cluster]);
      for (const w of unique.values()) if (w.digest) await upsertImage(tx, w.digest, [w.image], now);
      for (const batch of batches(rows, 8)) {
        await tx.run(`INSERT INTO workloads (cluster, namespace, kind, name, container, image, digest, seen_at) VALUES ${valuesList(batch.length, 8)}`, batch.flat());
      }
    });
    return rows.length;
  }

  // --- re-matching --------------------------------------------------------------------------------------------

  /** What the last re-match of an image recorded; empty when it was never matched. */
  async recordedMatches(digest: string): Promise<RecordedMatch[]> {
    const [row] = await this.driver.all<{ matches: string }>('SELECT matches FROM image_matches WHERE digest = ?', [digest]);
    return row ? (JSON.parse(row.matches) as RecordedMatch[]) : [];
  }

  /**
   * One image's re-match in one transaction: its vulnerabilities as of now (new ones open, vanished ones fixed, as a
   * report of the image would), what the match recorded for the next diff, and the diff itself when anything changed,
   * with the job that notifies of it (`notify`): both or neither are stored.
   */
  async recordRematch(digest: string, findings: readonly VulnerabilityFinding[], diff: MatchDiff, jobId?: number, notify?: EnqueueRequest): Promise<void> {
    const now = this.clock();
    const subject = `image:${digest}`;
    await this.driver.transaction(async (tx) => {
      await upsertVulnerabilities(tx, subject, null, digest, findings, null, now);
      await fixUnseenVulnerabilities(tx, subject, now);
      await tx.run(
        'INSERT INTO image_matches (digest, matches, matched_at) VALUES (?, ?, ?) ON CONFLICT (digest) DO UPDATE SET matches = excluded.matches, matched_at = excluded.matched_at',
        [digest, JSON.stringify(findings.map(recordedMatch)), now],
      );
      if (isEmptyDiff(diff)) return;
      const summary = {
        added: diff.added.map((f) => ({ id: f.id, package: `${f.package.name}@${f.package.version}`, severity: f.severity.level })),
        gone: diff.gone.map((r) => ({ id: r.id, package: `${r.name}@${r.version}` })),
        fixAvailable: diff.fixAvailable.map((f) => ({ id: f.id, package: `${f.package.name}@${f.package.version}`, fixedVersions: f.fixedVersions })),
        severityChanged: diff.severityChanged.map((c) => ({ id: c.finding.id, package: `${c.finding.package.name}@${c.finding.package.version}`, from: c.previous, to: c.finding.severity.level })),
      };
      await tx.run(
        'INSERT INTO image_changes (digest, job_id, added, gone, fix_available, severity_changed, diff, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [digest, jobId ?? null, diff.added.length, diff.gone.length, diff.fixAvailable.length, diff.severityChanged.length, JSON.stringify(summary), now],
      );
      if (notify) await insertJob(tx, notify, now);
    });
  }

  async listImageChanges(filter: { digest?: string }, page: PageRequest): Promise<Page<ImageChangeRecord>> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.digest !== undefined) where.push('c.digest = ?'), params.push(filter.digest);
    const rows = await this.keyset<{ id: number; digest: string; job_id: number | null; diff: string; created_at: number }>('SELECT c.* FROM image_changes c', 'c', where, params, page);
    return {
      items: rows.items.map((row) => ({ id: Number(row.id), digest: row.digest, ...(row.job_id !== null ? { jobId: Number(row.job_id) } : {}), createdAt: iso(row.created_at), changes: JSON.parse(row.diff) as ImageChangeRecord['changes'] })),
      ...(rows.next ? { next: rows.next } : {}),
    };
  }

  /** The references an image is known under, as `repository:tag`, for notifications. */
  async referencesOfImage(digest: string): Promise<string[]> {
    return ((await this.referencesOf([digest])).get(digest) ?? []).map((r) => (r.tag ? `${r.repository}:${r.tag}` : r.repository));
  }

  async imageKnown(digest: string): Promise<boolean> {
    return (await this.driver.all('SELECT 1 AS known FROM sboms WHERE digest = ?', [digest])).length > 0;
  }

  /** Tags seen pointing at a digest the store already holds. */
  async recordReferences(digest: string, references: string[]): Promise<void> {
    const now = this.clock();
    await this.driver.transaction((tx) => upsertImage(tx, digest, references, now));
  }

  /** The notifier's de-duplication log, shared by every replica. */
  readonly sentNotifications = {
    has: async (key: string): Promise<boolean> => (await this.driver.all('SELECT 1 AS sent FROM notifications_sent WHERE key = ?', [key])).length > 0,
    add: async (key: string): Promise<void> => {
      await this.driver.run('INSERT INTO notifications_sent (key, sent_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, this.clock()]);
    },
  };

  // --- suppressions -------------------------------------------------------------------------------------------

  async addSuppression(input: SuppressionInput): Promise<SuppressionRecord> {
    const now = this.clock();
    const [row] = await this.driver.all<{ id: number }>(
      'INSERT INTO suppressions (subject, target, reason, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
      [input.subject ?? null, input.target, input.reason, input.createdBy, now, input.expiresAt ?? null],
    );
    return {
      id: Number(row!.id), target: input.target, ...(input.subject ? { subject: input.subject } : {}), reason: input.reason,
      createdBy: input.createdBy, createdAt: iso(now), ...(input.expiresAt ? { expiresAt: iso(input.expiresAt) } : {}),
    };
  }

  async listSuppressions(): Promise<SuppressionRecord[]> {
    const rows = await this.driver.all<SuppressionRow>('SELECT * FROM suppressions ORDER BY id');
    return rows.map(suppressionOf);
  }

  async deleteSuppression(id: number): Promise<boolean> {
    return (await this.driver.run('DELETE FROM suppressions WHERE id = ?', [id])) > 0;
  }

  /** Active suppressions of the given targets, for marking a page of results. */
  private async suppressionsFor(targets: string[]): Promise<SuppressionRow[]> {
    if (targets.length === 0) return [];
    const unique = [...new Set(targets)];
    return this.driver.all<SuppressionRow>(
      `SELECT * FROM suppressions WHERE target IN (${unique.map(() => '?').join(', ')}) AND (expires_at IS NULL OR expires_at > ?) ORDER BY id`,
      [...unique, this.clock()],
    );
  }

  // --- queries ------------------------------------------------------------------------------------------------

  async listFindings(filter: FindingFilter, page: PageRequest): Promise<Page<StoredFinding>> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.project !== undefined) where.push('f.project_id = (SELECT id FROM projects WHERE name = ?)'), params.push(filter.project);
    if (filter.subject !== undefined) where.push('f.subject = ?'), params.push(filter.subject);
    if (filter.ruleId !== undefined) where.push('f.rule_id = ?'), params.push(filter.ruleId);
    statusFilter(where, 'f', filter.status);
    const rows = await this.keyset<FindingRow>('SELECT f.*, p.name AS project FROM findings f LEFT JOIN projects p ON p.id = f.project_id', 'f', where, params, page, severityVariants('f', filter.severity));
    const items = rows.items.map(findingOf);
    const notes = await this.suppressionsFor(items.flatMap((f) => [f.fingerprint, f.ruleId]));
    for (const item of items) markSuppressed(item, notes, [item.fingerprint, item.ruleId]);
    return { items, ...(rows.next ? { next: rows.next } : {}) };
  }

  async listVulnerabilities(filter: VulnerabilityFilter, page: PageRequest): Promise<Page<StoredVulnerability>> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.project !== undefined) where.push('v.project_id = (SELECT id FROM projects WHERE name = ?)'), params.push(filter.project);
    if (filter.digest !== undefined) where.push('v.digest = ?'), params.push(filter.digest);
    if (filter.vulnerabilityId !== undefined) where.push('v.vulnerability_id = ?'), params.push(filter.vulnerabilityId);
    if (filter.packageName !== undefined) where.push('v.package_name = ?'), params.push(filter.packageName);
    statusFilter(where, 'v', filter.status);
    const rows = await this.keyset<VulnerabilityRow>('SELECT v.*, p.name AS project FROM vulnerabilities v LEFT JOIN projects p ON p.id = v.project_id', 'v', where, params, page, severityVariants('v', filter.severity));
    const items = rows.items.map(vulnerabilityOf);
    const notes = await this.suppressionsFor(items.flatMap((v) => [v.fingerprint, v.vulnerabilityId, ...v.aliases]));
    for (const item of items) markSuppressed(item, notes, [item.fingerprint, item.vulnerabilityId, ...item.aliases]);
    return { items, ...(rows.next ? { next: rows.next } : {}) };
  }

  async listReports(filter: { project?: string; digest?: string }, page: PageRequest): Promise<Page<StoredReport>> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.project !== undefined) where.push('p.name = ?'), params.push(filter.project);
    if (filter.digest !== undefined) where.push('r.digest = ?'), params.push(filter.digest);
    const rows = await this.keyset<ReportRow>(`SELECT ${REPORT_COLUMNS} FROM reports r LEFT JOIN projects p ON p.id = r.project_id`, 'r', where, params, page);
    return { items: rows.items.map(reportOf), ...(rows.next ? { next: rows.next } : {}) };
  }

  async getReport(id: number): Promise<StoredReport | undefined> {
    const [row] = await this.driver.all<ReportRow>(`SELECT ${REPORT_COLUMNS} FROM reports r LEFT JOIN projects p ON p.id = r.project_id WHERE r.id = ?`, [id]);
    return row ? reportOf(row) : undefined;
  }

  /** Images in digest order, so a page boundary never moves when an image is seen again. */
  async listImages(filter: { repository?: string }, page: PageRequest): Promise<Page<StoredImage>> {
    const after = page.cursor === undefined ? undefined : decodeTextCursor(page.cursor);
    const params: SqlValue[] = [];
    const where: string[] = [];
    if (filter.repository !== undefined) where.push('i.digest IN (SELECT digest FROM image_refs WHERE repository = ?)'), params.push(filter.repository);
    if (after !== undefined) where.push('i.digest > ?'), params.push(after);
    const rows = await this.driver.all<{ digest: string; first_seen: number; last_seen: number; format: string | null; packages: number | null; stored_at: number | null }>(
      `SELECT i.digest, i.first_seen, i.last_seen, s.format, s.packages, s.stored_at FROM images i LEFT JOIN sboms s ON s.digest = i.digest
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY i.digest LIMIT ?`,
      [...params, page.limit + 1],
    );
    const more = rows.length > page.limit;
    const pageRows = rows.slice(0, page.limit);
    const refs = await this.referencesOf(pageRows.map((r) => r.digest));
    const items = pageRows.map((row): StoredImage => ({
      digest: row.digest,
      references: refs.get(row.digest) ?? [],
      firstSeen: iso(row.first_seen),
      lastSeen: iso(row.last_seen),
      ...(row.format !== null ? { sbom: { format: row.format, packages: Number(row.packages), storedAt: iso(row.stored_at!) } } : {}),
    }));
    return { items, ...(more ? { next: encodeTextCursor(pageRows.at(-1)!.digest) } : {}) };
  }

  /**
   * Where an image, or every image carrying an advisory, runs now, and which report first brought it: the question a
   * security team asks the morning an advisory lands.
   */
  async exposure(query: { digest?: string; vulnerabilityId?: string }, limit = 200): Promise<Exposure[]> {
    let digests: string[];
    const vulnerabilitiesByDigest = new Map<string, Set<string>>();
    if (query.digest !== undefined) {
      digests = [query.digest];
    } else {
      const rows = await this.driver.all<{ digest: string; vulnerability_id: string }>(
        'SELECT DISTINCT digest, vulnerability_id FROM vulnerabilities WHERE vulnerability_id = ? AND fixed_at IS NULL AND digest IS NOT NULL ORDER BY digest LIMIT ?',
        [query.vulnerabilityId ?? '', limit],
      );
      digests = [...new Set(rows.map((r) => r.digest))];
    }
    if (digests.length === 0) return [];
    const marks = digests.map(() => '?').join(', ');
    const open = await this.driver.all<{ digest: string; vulnerability_id: string }>(
      `SELECT DISTINCT digest, vulnerability_id FROM vulnerabilities WHERE digest IN (${marks}) AND fixed_at IS NULL`, digests);
    for (const row of open) (vulnerabilitiesByDigest.get(row.digest) ?? vulnerabilitiesByDigest.set(row.digest, new Set()).get(row.digest)!).add(row.vulnerability_id);
    const running = await this.driver.all<{ cluster: string; namespace: string; kind: string; name: string; container: string; digest: string; seen_at: number }>(
      `SELECT cluster, namespace, kind, name, container, digest, seen_at FROM workloads WHERE digest IN (${marks}) ORDER BY cluster, namespace, kind, name, container`, digests);
    const first = await this.driver.all<ReportRow>(
      `SELECT ${REPORT_COLUMNS} FROM reports r LEFT JOIN projects p ON p.id = r.project_id
       WHERE r.id IN (SELECT MIN(id) FROM reports WHERE digest IN (${marks}) GROUP BY digest)`, digests);
    const refs = await this.referencesOf(digests);
    const known = new Set((await this.driver.all<{ digest: string }>(`SELECT digest FROM images WHERE digest IN (${marks})`, digests)).map((r) => r.digest));
    return digests.filter((d) => known.has(d)).map((digest): Exposure => {
      const introducedBy = first.find((r) => r.digest === digest);
      return {
        digest,
        references: (refs.get(digest) ?? []).map(({ repository, tag }) => ({ repository, tag })),
        vulnerabilities: [...(vulnerabilitiesByDigest.get(digest) ?? [])].sort(),
        running: running.filter((w) => w.digest === digest).map((w) => ({ cluster: w.cluster, namespace: w.namespace, kind: w.kind, name: w.name, container: w.container, seenAt: iso(w.seen_at) })),
        ...(introducedBy ? { introducedBy: reportOf(introducedBy) } : {}),
      };
    });
  }

  private async referencesOf(digests: string[]): Promise<Map<string, StoredImage['references']>> {
    const byDigest = new Map<string, StoredImage['references']>();
    if (digests.length === 0) return byDigest;
    const rows = await this.driver.all<{ digest: string; repository: string; tag: string; first_seen: number; last_seen: number }>(
      `SELECT * FROM image_refs WHERE digest IN (${digests.map(() => '?').join(', ')}) ORDER BY repository, tag`, digests);
    for (const row of rows) {
      const list = byDigest.get(row.digest) ?? [];
      list.push({ repository: row.repository, tag: row.tag, firstSeen: iso(row.first_seen), lastSeen: iso(row.last_seen) });
      byDigest.set(row.digest, list);
    }
    return byDigest;
  }

  /**
   * Newest first by id, `limit + 1` rows to know whether another page follows without counting. Each variant (one
   * per severity asked for) is its own query walking its `(severity, id)` index in order, merged here: one
   * `severity IN (...)` query would have to sort every matching row of a million before returning fifty.
   */
  private async keyset<T extends { id: number }>(select: string, alias: string, where: string[], params: SqlValue[], page: PageRequest, variants: Condition[] = [{ sql: [], params: [] }]): Promise<Page<T>> {
    const conditions = [...where];
    const values = [...params];
    if (page.cursor !== undefined) conditions.push(`${alias}.id < ?`), values.push(decodeIdCursor(page.cursor));
    const results = await Promise.all(variants.map((variant) => {
      const all = [...variant.sql, ...conditions];
      return this.driver.all<T>(
        `${select} ${all.length ? `WHERE ${all.join(' AND ')}` : ''} ORDER BY ${alias}.id DESC LIMIT ?`,
        [...variant.params, ...values, page.limit + 1],
      );
    }));
    const rows = results.length === 1 ? results[0]! : results.flat().sort((a, b) => Number(b.id) - Number(a.id)).slice(0, page.limit + 1);
    const more = rows.length > page.limit;
    const items = rows.slice(0, page.limit);
    return { items, ...(more ? { next: encodeTextCursor(String(items.at(-1)!.id)) } : {}) };
  }
}

interface TokenRow {
  id: number;
  name: string;
  scopes: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  [key: string]: unknown;
}

function tokenOf(row: TokenRow): TokenRecord {
  return {
    id: Number(row.id),
    name: row.name,
    scopes: row.scopes.split(',').filter(Boolean) as Scope[],
    createdAt: iso(row.created_at),
    ...(row.expires_at !== null ? { expiresAt: iso(row.expires_at) } : {}),
    ...(row.revoked_at !== null ? { revokedAt: iso(row.revoked_at) } : {}),
  };
}

interface SuppressionRow {
  id: number;
  subject: string | null;
  target: string;
  reason: string;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  [key: string]: unknown;
}

function suppressionOf(row: SuppressionRow): SuppressionRecord {
  return {
    id: Number(row.id), target: row.target, ...(row.subject ? { subject: row.subject } : {}), reason: row.reason,
    createdBy: row.created_by, createdAt: iso(row.created_at), ...(row.expires_at !== null ? { expiresAt: iso(row.expires_at) } : {}),
  };
}

function markSuppressed(item: { subject: string; suppressed?: SuppressionNote }, notes: SuppressionRow[], targets: string[]): void {
  const note = notes.find((n) => targets.includes(n.target) && (n.subject === null || n.subject === item.subject));
  if (note) item.suppressed = { id: Number(note.id), reason: note.reason, createdBy: note.created_by, ...(note.expires_at !== null ? { expiresAt: iso(note.expires_at) } : {}) };
}

interface Condition {
  sql: string[];
  params: SqlValue[];
}

function severityVariants(alias: string, severities: readonly string[] | undefined): Condition[] | undefined {
  return severities?.length ? [...new Set(severities)].map((severity) => ({ sql: [`${alias}.severity = ?`], params: [severity] })) : undefined;
}

function statusFilter(where: string[], alias: string, status: FindingFilter['status']): void {
  if (status === 'open') where.push(`${alias}.fixed_at IS NULL`);
  else if (status === 'fixed') where.push(`${alias}.fixed_at IS NOT NULL`);
}

/**
 * The identity of a vulnerability within a subject: advisory, ecosystem and package name. Not the report's
 * fingerprint, which includes the package file: an image's vulnerabilities arrive both from CI reports (files in the
 * image) and from re-matching its SBOM (the SBOM), and must be one row either way. The version is left out, so a
 * bump that is still vulnerable keeps the row and its first-seen date, as baselines do.
 */
export function vulnerabilityKey(v: Pick<VulnerabilityFinding, 'id'> & { package: Pick<VulnerabilityFinding['package'], 'ecosystem' | 'name'> }): string {
  return createHash('sha256').update(`${v.id}\u0000${v.package.ecosystem}\u0000${v.package.name}`).digest('hex').slice(0, 32);
}

/** Seen now (and reopened if fixed); the number of distinct rows written. */
async function upsertVulnerabilities(tx: SqlExecutor, subject: string, projectId: number | null, digest: string | null, vulnerabilities: readonly VulnerabilityFinding[], reportId: number | null, now: number): Promise<number> {
  const rows = [...new Map(vulnerabilities.map((v) => [vulnerabilityKey(v), v])).entries()].map(([key, v]): SqlValue[] => [
    subject, projectId, digest, key, v.id, JSON.stringify(v.aliases), v.summary ?? null, v.package.name, v.package.version,
    v.package.ecosystem, v.package.purl, v.severity.level, JSON.stringify(v.fixedVersions), now, now, reportId, reportId,
  ]);
  for (const batch of batches(rows, 17)) {
    // A re-match (no report) keeps the row's report references; a report sets the last one.
    await tx.run(
      `INSERT INTO vulnerabilities (subject, project_id, digest, fingerprint, vulnerability_id, aliases, summary, package_name, package_version, ecosystem, purl, severity, fixed_versions, first_seen, last_seen, first_report, last_report)
       VALUES ${valuesList(batch.length, 17)}
       ON CONFLICT (subject, fingerprint) DO UPDATE SET vulnerability_id = excluded.vulnerability_id, aliases = excluded.aliases, summary = excluded.summary,
         package_version = excluded.package_version, purl = excluded.purl, severity = excluded.severity, fixed_versions = excluded.fixed_versions,
         last_seen = excluded.last_seen, last_report = COALESCE(excluded.last_report, vulnerabilities.last_report), fixed_at = NULL,
         project_id = COALESCE(excluded.project_id, vulnerabilities.project_id)`,
      batch.flat(),
    );
  }
  return rows.length;
}

/** The subject's open vulnerabilities not seen by this write (`now`) are fixed now. */
function fixUnseenVulnerabilities(tx: SqlExecutor, subject: string, now: number): Promise<number> {
  return tx.run('UPDATE vulnerabilities SET fixed_at = ? WHERE subject = ? AND fixed_at IS NULL AND last_seen < ?', [now, subject, now]);
}

async function upsertProject(tx: SqlExecutor, name: string, team: string | undefined, now: number): Promise<number> {
  const [row] = await tx.all<{ id: number }>(
    `INSERT INTO projects (name, team, created_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET team = COALESCE(excluded.team, projects.team) RETURNING id`,
    [name, team ?? null, now],
  );
  return Number(row!.id);
}

/** Records the digest and every repository:tag it was seen under; a reference that does not parse is kept as written. */
async function upsertImage(tx: SqlExecutor, digest: string, references: string[], now: number): Promise<void> {
  await tx.run('INSERT INTO images (digest, first_seen, last_seen) VALUES (?, ?, ?) ON CONFLICT (digest) DO UPDATE SET last_seen = excluded.last_seen', [digest, now, now]);
  for (const reference of new Set(references)) {
    const { repository, tag } = splitReference(reference);
    await tx.run(
      `INSERT INTO image_refs (digest, repository, tag, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (digest, repository, tag) DO UPDATE SET last_seen = excluded.last_seen`,
      [digest, repository, tag, now, now],
    );
  }
}

function splitReference(reference: string): { repository: string; tag: string } {
  try {
    const parsed = parseImageReference(reference);
    return { repository: `${parsed.registry}/${parsed.repository}`, tag: parsed.tag ?? '' };
  } catch {
    return { repository: reference, tag: '' };
  }
}

function encodeTextCursor(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

function decodeTextCursor(cursor: string): string {
  const value = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!value || encodeTextCursor(value) !== cursor) throw new StoreInputError('the cursor is not one this server handed out');
  return value;
}

function decodeIdCursor(cursor: string): number {
  const value = decodeTextCursor(cursor);
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new StoreInputError('the cursor is not one this server handed out');
  return Number(value);
}
