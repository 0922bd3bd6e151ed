import type { Severity } from '../../../core/severity.js';
import { iso } from './rows.js';
import type { SqlDriver, SqlValue } from './sql.js';
import type { AdmissionDecisionRecord } from './types.js';

/**
 * Read queries of the dashboard's pages, for both databases. The overview must answer in well under 300 ms with a
 * million findings stored, so every query here walks an index (migration 3 adds the ones they need) or a small table;
 * counts that could run to millions are capped where the page only needs "more than N".
 */

export type SeverityCounts = Record<Severity, number>;

const emptyCounts = (): SeverityCounts => ({ unknown: 0, info: 0, low: 0, medium: 0, high: 0, critical: 0 });

export interface OpenCounts {
  findings: SeverityCounts;
  vulnerabilities: SeverityCounts;
  computedAt: string;
  /** False while a newer count runs in the background (the data changed since this one). */
  current: boolean;
}

const OPEN_COUNTS = 'open-by-severity';
const refreshing = new WeakMap<SqlDriver, Promise<OpenCounts>>();

/** `fixed_at IS NULL` as the state indexes (migration 3) are keyed: SQLite compares it with 1/0, PostgreSQL with booleans. */
const isOpen = (driver: SqlDriver, open: boolean) => `(fixed_at IS NULL) = ${driver.dialect === 'postgres' ? String(open) : open ? '1' : '0'}`;

/**
 * What changes the open counts: a stored report, or a re-match that changed an image (it writes an image change).
 * Two index lookups, where counting is a walk over every open row.
 */
async function dataVersion(driver: SqlDriver): Promise<string> {
  const [row] = await driver.all<{ reports: number | null; changes: number | null }>('SELECT (SELECT MAX(id) FROM reports) AS reports, (SELECT MAX(id) FROM image_changes) AS changes');
  return `${Number(row?.reports ?? 0)}:${Number(row?.changes ?? 0)}`;
}

async function countOpen(driver: SqlDriver, table: 'findings' | 'vulnerabilities'): Promise<SeverityCounts> {
  const rows = await driver.all<{ severity: Severity; n: number }>(`SELECT severity, COUNT(*) AS n FROM ${table} WHERE ${isOpen(driver, true)} GROUP BY severity`);
  const counts = emptyCounts();
  for (const row of rows) if (row.severity in counts) counts[row.severity] = Number(row.n);
  return counts;
}

async function recount(driver: SqlDriver, version: string, now: number): Promise<OpenCounts> {
  const findings = await countOpen(driver, 'findings');
  const vulnerabilities = await countOpen(driver, 'vulnerabilities');
  await driver.run(
    `INSERT INTO dashboard_counts (name, version, counts, computed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, counts = excluded.counts, computed_at = excluded.computed_at`,
    [OPEN_COUNTS, version, JSON.stringify({ findings, vulnerabilities }), now]);
  return { findings, vulnerabilities, computedAt: iso(now), current: true };
}

/**
 * Open findings and vulnerabilities per severity. Counting a million rows takes a few hundred milliseconds on SQLite,
 * too slow for every view of the first page, so the count is kept in `dashboard_counts` with the data version it
 * saw: while nothing was stored since, it is exact and costs one row; after a change the page shows the previous
 * count (marked as such) and one recount per process runs behind it. Only a server that never counted waits.
 */
export async function openCounts(driver: SqlDriver, now: number, log?: (error: Error) => void): Promise<OpenCounts> {
  const version = await dataVersion(driver);
  const [row] = await driver.all<{ version: string; counts: string; computed_at: number }>('SELECT version, counts, computed_at FROM dashboard_counts WHERE name = ?', [OPEN_COUNTS]);
  const current = row?.version === version;
  // One recount at a time per process: a page arriving while the first count runs waits for that one.
  let work = refreshing.get(driver);
  if (!current && !work) {
    work = recount(driver, version, now).finally(() => refreshing.delete(driver));
    refreshing.set(driver, work);
    if (row) work.catch((error: Error) => log?.(error));
  }
  if (!row) return work!;
  const stored = JSON.parse(row.counts) as Pick<OpenCounts, 'findings' | 'vulnerabilities'>;
  return { ...stored, computedAt: iso(row.computed_at), current };
}

export interface TrendPoint {
  /** Midnight UTC of the day, epoch seconds (what uPlot plots). */
  day: number;
  findings: number;
  vulnerabilities: number;
}

const DAY_MS = 86_400_000;

/**
 * Findings and vulnerabilities over the last `days` days, as the newest report of each subject (image or project)
 * carried them at the end of each day. Reports are a few per pipeline run, so this reads thousands of rows where
 * counting findings day by day would read millions; re-matches between reports are not in it.
 */
export async function trend(driver: SqlDriver, days: number, now: number): Promise<TrendPoint[]> {
  const start = Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
  const latest = new Map<string, { findings: number; vulnerabilities: number }>();
  const before = await driver.all<{ subject: string; findings: number; vulnerabilities: number }>(
    'SELECT subject, findings, vulnerabilities FROM reports WHERE id IN (SELECT MAX(id) FROM reports WHERE received_at < ? GROUP BY subject)', [start]);
  for (const row of before) latest.set(row.subject, { findings: Number(row.findings), vulnerabilities: Number(row.vulnerabilities) });
  const within = await driver.all<{ subject: string; findings: number; vulnerabilities: number; received_at: number }>(
    'SELECT subject, findings, vulnerabilities, received_at FROM reports WHERE received_at >= ? ORDER BY received_at, id', [start]);
  const points: TrendPoint[] = [];
  let next = 0;
  for (let day = start; day < start + days * DAY_MS; day += DAY_MS) {
    while (next < within.length && Number(within[next]!.received_at) < day + DAY_MS) {
      const row = within[next++]!;
      latest.set(row.subject, { findings: Number(row.findings), vulnerabilities: Number(row.vulnerabilities) });
    }
    let findings = 0;
    let vulnerabilities = 0;
    for (const value of latest.values()) findings += value.findings, vulnerabilities += value.vulnerabilities;
    points.push({ day: day / 1000, findings, vulnerabilities });
  }
  return points;
}

export interface RiskyImage {
  digest: string;
  references: string[];
  counts: SeverityCounts;
  score: number;
}

export interface RiskyWorkload {
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  image: string;
  digest: string;
  score: number;
  critical: number;
  high: number;
}

/** One critical outweighs any number of highs a page would show, and so on down. */
const WEIGHTS: Partial<Record<Severity, number>> = { critical: 1_000_000, high: 1_000, medium: 10, low: 1 };

/**
 * Images ranked by their open vulnerabilities, and the running workloads (from cluster inventories) ranked by the
 * images they run, worst first. One pass over the open vulnerabilities serves both lists.
 */
export async function riskiest(driver: SqlDriver, limit: number, cluster?: string): Promise<{ images: RiskyImage[]; workloads: RiskyWorkload[] }> {
  const rows = await driver.all<{ digest: string; severity: Severity; n: number }>(
    `SELECT digest, severity, COUNT(*) AS n FROM vulnerabilities WHERE ${isOpen(driver, true)} AND digest IS NOT NULL GROUP BY digest, severity`);
  const byDigest = new Map<string, { counts: SeverityCounts; score: number }>();
  for (const row of rows) {
    const entry = byDigest.get(row.digest) ?? { counts: emptyCounts(), score: 0 };
    if (row.severity in entry.counts) entry.counts[row.severity] = Number(row.n);
    entry.score += (WEIGHTS[row.severity] ?? 0) * Number(row.n);
    byDigest.set(row.digest, entry);
  }
  const ranked = [...byDigest.entries()].filter(([, e]) => e.score > 0).sort((a, b) => b[1].score - a[1].score || a[0].localeCompare(b[0]));
  const top = ranked.slice(0, limit).map(([digest]) => digest);
  const refs = top.length === 0 ? [] : await driver.all<{ digest: string; repository: string; tag: string }>(
    `SELECT digest, repository, tag FROM image_refs WHERE digest IN (${top.map(() => '?').join(', ')}) ORDER BY repository, tag`, top);
  const images = top.map((digest): RiskyImage => ({
    digest, ...byDigest.get(digest)!,
    references: refs.filter((r) => r.digest === digest).map((r) => (r.tag ? `${r.repository}:${r.tag}` : r.repository)),
  }));
  const running = await driver.all<{ cluster: string; namespace: string; kind: string; name: string; image: string; digest: string }>(
    `SELECT cluster, namespace, kind, name, image, digest FROM workloads WHERE digest IS NOT NULL ${cluster !== undefined ? 'AND cluster = ?' : ''}`,
    cluster !== undefined ? [cluster] : []);
  const workloads = running.flatMap((w): RiskyWorkload[] => {
    const risk = byDigest.get(w.digest);
    return risk && risk.score > 0 ? [{ ...w, score: risk.score, critical: risk.counts.critical, high: risk.counts.high }] : [];
  }).sort((a, b) => b.score - a.score || a.cluster.localeCompare(b.cluster) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name)).slice(0, limit);
  return { images, workloads };
}

export interface CappedCount {
  count: number;
  /** True when there are more than `count`. */
  more: boolean;
}

async function cappedCount(driver: SqlDriver, sql: string, params: SqlValue[], cap: number): Promise<CappedCount> {
  const [row] = await driver.all<{ n: number }>(`SELECT COUNT(*) AS n FROM (${sql} LIMIT ?) capped`, [...params, cap + 1]);
  const n = Number(row?.n ?? 0);
  return { count: Math.min(n, cap), more: n > cap };
}

export interface ChangesSince {
  newFindings: CappedCount;
  fixedFindings: CappedCount;
  newVulnerabilities: CappedCount;
  fixedVulnerabilities: CappedCount;
  imageChanges: Array<{ digest: string; added: number; gone: number; fixAvailable: number; createdAt: string }>;
}

/** What moved since `since` (the overview's "since yesterday"). */
export async function changesSince(driver: SqlDriver, since: number, cap = 10_000): Promise<ChangesSince> {
  const [newFindings, fixedFindings, newVulnerabilities, fixedVulnerabilities, changes] = await Promise.all([
    cappedCount(driver, 'SELECT 1 FROM findings WHERE first_seen >= ?', [since], cap),
    cappedCount(driver, `SELECT 1 FROM findings WHERE ${isOpen(driver, false)} AND fixed_at >= ?`, [since], cap),
    cappedCount(driver, 'SELECT 1 FROM vulnerabilities WHERE first_seen >= ?', [since], cap),
    cappedCount(driver, `SELECT 1 FROM vulnerabilities WHERE ${isOpen(driver, false)} AND fixed_at >= ?`, [since], cap),
    driver.all<{ digest: string; added: number; gone: number; fix_available: number; created_at: number }>(
      'SELECT digest, added, gone, fix_available, created_at FROM image_changes WHERE created_at >= ? ORDER BY id DESC LIMIT 20', [since]),
  ]);
  return {
    newFindings, fixedFindings, newVulnerabilities, fixedVulnerabilities,
    imageChanges: changes.map((c) => ({ digest: c.digest, added: Number(c.added), gone: Number(c.gone), fixAvailable: Number(c.fix_available), createdAt: iso(c.created_at) })),
  };
}

export interface ImageSummary {
  digest: string;
  firstSeen: string;
  lastSeen: string;
  sbom?: { format: string; packages: number; storedAt: string };
}

export async function imageSummary(driver: SqlDriver, digest: string): Promise<ImageSummary | undefined> {
  const [row] = await driver.all<{ digest: string; first_seen: number; last_seen: number; format: string | null; packages: number | null; stored_at: number | null }>(
    'SELECT i.digest, i.first_seen, i.last_seen, s.format, s.packages, s.stored_at FROM images i LEFT JOIN sboms s ON s.digest = i.digest WHERE i.digest = ?', [digest]);
  if (!row) return undefined;
  return {
    digest: row.digest, firstSeen: iso(row.first_seen), lastSeen: iso(row.last_seen),
    ...(row.format !== null ? { sbom: { format: row.format, packages: Number(row.packages), storedAt: iso(row.stored_at!) } } : {}),
  };
}

/** Open vulnerabilities per image, for a page of images. */
export async function openVulnerabilitiesOf(driver: SqlDriver, digests: string[]): Promise<Map<string, SeverityCounts>> {
  const result = new Map<string, SeverityCounts>();
  if (digests.length === 0) return result;
  const rows = await driver.all<{ digest: string; severity: Severity; n: number }>(
    `SELECT digest, severity, COUNT(*) AS n FROM vulnerabilities WHERE fixed_at IS NULL AND digest IN (${digests.map(() => '?').join(', ')}) GROUP BY digest, severity`, digests);
  for (const row of rows) {
    const counts = result.get(row.digest) ?? emptyCounts();
    if (row.severity in counts) counts[row.severity] = Number(row.n);
    result.set(row.digest, counts);
  }
  return result;
}

export interface ClusterSummary {
  name: string;
  inventoryAt: string;
  workloads: number;
  namespaces: number;
}

export async function listClusters(driver: SqlDriver): Promise<ClusterSummary[]> {
  const rows = await driver.all<{ name: string; inventory_at: number; workloads: number; namespaces: number }>(
    `SELECT c.name, c.inventory_at, COUNT(w.name) AS workloads, COUNT(DISTINCT w.namespace) AS namespaces
     FROM clusters c LEFT JOIN workloads w ON w.cluster = c.name GROUP BY c.name, c.inventory_at ORDER BY c.name`);
  return rows.map((r) => ({ name: r.name, inventoryAt: iso(r.inventory_at), workloads: Number(r.workloads), namespaces: Number(r.namespaces) }));
}

export interface NamespaceWorkloads {
  namespace: string;
  workloads: Array<{ kind: string; name: string; container: string; image: string; digest?: string }>;
}

export async function clusterWorkloads(driver: SqlDriver, cluster: string): Promise<NamespaceWorkloads[]> {
  const rows = await driver.all<{ namespace: string; kind: string; name: string; container: string; image: string; digest: string | null }>(
    'SELECT namespace, kind, name, container, image, digest FROM workloads WHERE cluster = ? ORDER BY namespace, kind, name, container', [cluster]);
  const byNamespace = new Map<string, NamespaceWorkloads>();
  for (const row of rows) {
    const entry = byNamespace.get(row.namespace) ?? { namespace: row.namespace, workloads: [] };
    entry.workloads.push({ kind: row.kind, name: row.name, container: row.container, image: row.image, ...(row.digest ? { digest: row.digest } : {}) });
    byNamespace.set(row.namespace, entry);
  }
  return [...byNamespace.values()];
}

export interface NamespaceFindings {
  namespace: string;
  counts: SeverityCounts;
  total: number;
}

/**
 * Open findings of one project per namespace of the resource they are about (`Kind/namespace/name`): a cluster scan
 * uploads under the cluster's name, so the cluster's project holds its findings. Read through the project index;
 * findings on cluster-scoped objects are grouped under "(cluster)".
 */
export async function findingsByNamespace(driver: SqlDriver, project: string): Promise<NamespaceFindings[]> {
  const rows = await driver.all<{ resource: string; severity: Severity; n: number }>(
    `SELECT resource, severity, COUNT(*) AS n FROM findings WHERE project_id = (SELECT id FROM projects WHERE name = ?) AND fixed_at IS NULL AND resource IS NOT NULL
     GROUP BY resource, severity`, [project]);
  const byNamespace = new Map<string, NamespaceFindings>();
  for (const row of rows) {
    const parts = row.resource.split('/');
    const namespace = parts.length >= 3 ? parts[1]! : '(cluster)';
    const entry = byNamespace.get(namespace) ?? { namespace, counts: emptyCounts(), total: 0 };
    if (row.severity in entry.counts) entry.counts[row.severity] += Number(row.n);
    entry.total += Number(row.n);
    byNamespace.set(namespace, entry);
  }
  return [...byNamespace.values()].sort((a, b) => b.total - a.total || a.namespace.localeCompare(b.namespace));
}

export interface RuleFinding {
  id: number;
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  resource?: string;
  project?: string;
}

/** Open findings of the given rules (RBAC escalation, NetworkPolicy), each rule walking its `(rule_id, id)` index. */
export async function openFindingsOfRules(driver: SqlDriver, ruleIds: readonly string[], limit: number, project?: string): Promise<RuleFinding[]> {
  const perRule = await Promise.all(ruleIds.map((ruleId) => driver.all<{ id: number; rule_id: string; severity: Severity; message: string; file: string; line: number; resource: string | null; project: string | null }>(
    `SELECT f.id, f.rule_id, f.severity, f.message, f.file, f.line, f.resource, p.name AS project FROM findings f LEFT JOIN projects p ON p.id = f.project_id
     WHERE f.rule_id = ? AND f.fixed_at IS NULL ${project !== undefined ? 'AND p.name = ?' : ''} ORDER BY f.id DESC LIMIT ?`,
    project !== undefined ? [ruleId, project, limit] : [ruleId, limit])));
  return perRule.flat().sort((a, b) => Number(b.id) - Number(a.id)).slice(0, limit).map((r) => ({
    id: Number(r.id), ruleId: r.rule_id, severity: r.severity, message: r.message, file: r.file, line: Number(r.line),
    ...(r.resource ? { resource: r.resource } : {}), ...(r.project ? { project: r.project } : {}),
  }));
}

/** A stored decision as pages show it: with its row id, and the time as ISO text. */
export interface AdmissionDecisionView extends Omit<AdmissionDecisionRecord, 'decidedAt'> {
  id: number;
  decidedAt: string;
}

export interface AdmissionFilter {
  cluster?: string;
  namespace?: string;
  allowed?: boolean;
}

/** Newest first; `before` is the last id of the previous page. */
export async function listAdmissionDecisions(driver: SqlDriver, filter: AdmissionFilter, limit: number, before?: number): Promise<{ items: AdmissionDecisionView[]; next?: number }> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (filter.cluster !== undefined) where.push('cluster = ?'), params.push(filter.cluster);
  if (filter.namespace !== undefined) where.push('namespace = ?'), params.push(filter.namespace);
  if (filter.allowed !== undefined) where.push('allowed = ?'), params.push(filter.allowed ? 1 : 0);
  if (before !== undefined) where.push('id < ?'), params.push(before);
  const rows = await driver.all<{ id: number; cluster: string; namespace: string | null; kind: string; name: string | null; operation: string; username: string | null; allowed: number; rules: string; images: string; decided_at: number }>(
    `SELECT id, cluster, namespace, kind, name, operation, username, allowed, rules, images, decided_at FROM admission_decisions
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`, [...params, limit + 1]);
  const items = rows.slice(0, limit).map((r): AdmissionDecisionView => ({
    id: Number(r.id), cluster: r.cluster, ...(r.namespace ? { namespace: r.namespace } : {}), kind: r.kind, ...(r.name ? { name: r.name } : {}),
    operation: r.operation, ...(r.username ? { user: r.username } : {}), allowed: Number(r.allowed) === 1,
    rules: JSON.parse(r.rules) as string[], images: JSON.parse(r.images) as string[], decidedAt: iso(r.decided_at),
  }));
  return { items, ...(rows.length > limit ? { next: items.at(-1)!.id } : {}) };
}

/** Projects by name, for the compliance page's choice. */
export async function listProjects(driver: SqlDriver): Promise<string[]> {
  return (await driver.all<{ name: string }>('SELECT name FROM projects ORDER BY name')).map((r) => r.name);
}
