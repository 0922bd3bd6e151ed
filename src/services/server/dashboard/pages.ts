import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SEVERITIES, isSeverity, type Severity } from '../../../core/severity.js';
import { netpolRules } from '../../../checks/rules/kubernetes/netpol/index.js';
import { rbacRules } from '../../../checks/rules/kubernetes/rbac/index.js';
import {
  changesSince, clusterWorkloads, findingsByNamespace, imageSummary, listAdmissionDecisions, listClusters, openCounts,
  openFindingsOfRules, openVulnerabilitiesOf, riskiest, trend, type CappedCount, type RuleFinding, type SeverityCounts,
} from '../store/dashboard-queries.js';
import { StoreInputError, type Store } from '../store/store.js';
import type { Status, SuppressionRecord } from '../store/types.js';
import { withQuery } from './views.js';

/** A query parameter the page cannot use: a 400 page naming it. */
export class PageInputError extends Error {
  override name = 'PageInputError';
}

const PAGE_SIZE = 50;
const MAX_PARAM = 500;
const ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info', 'unknown'];
const RBAC_RULES = rbacRules.map((rule) => rule.meta.id);
const NETPOL_RULES = netpolRules.map((rule) => rule.meta.id);
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-f0-9]{32,128}$/;

type Query = Record<string, unknown>;

function text(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > MAX_PARAM) throw new PageInputError(`the ${name} filter must be one text of at most ${MAX_PARAM} characters`);
  return value;
}

function severityParam(query: Query): Severity[] | undefined {
  const value = text(query, 'severity');
  if (value === undefined) return undefined;
  const list = value.split(',');
  if (!list.every(isSeverity)) throw new PageInputError(`severity must be one of ${SEVERITIES.join(', ')}`);
  return list;
}

function statusParam(query: Query): Status {
  const value = text(query, 'status') ?? 'open';
  if (value !== 'open' && value !== 'fixed' && value !== 'all') throw new PageInputError('status must be open, fixed or all');
  return value;
}

const severityOptions = (current: string | undefined) => ({ label: 'Severity', name: 'severity', value: current ?? '', options: [{ value: '', label: 'any' }, ...ORDER.map((s) => ({ value: s, label: s }))] });
const statusOptions = (current: Status) => ({ label: 'Status', name: 'status', value: current, options: ['open', 'fixed', 'all'].map((s) => ({ value: s, label: s })) });

function pager(path: string, filters: Record<string, string | undefined>, next: string | undefined, paged: boolean) {
  return { next: next ? withQuery(path, { ...filters, cursor: next }) : undefined, first: paged ? withQuery(path, filters) : undefined };
}

const formatCount = (c: CappedCount) => `${c.count.toLocaleString('en')}${c.more ? '+' : ''}`;

/** The network paths the NetworkPolicy rules report, as graph data: "anywhere" into a resource, or out of it. */
function networkGraph(findings: RuleFinding[]) {
  const nodes = new Map<string, { id: string; label: string; kind: string }>();
  const edges: Array<{ source: string; target: string; label: string }> = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    if (finding.ruleId === 'k8s/netpol-invalid-policy' || finding.ruleId === 'k8s/netpol-selects-nothing') continue;
    const id = finding.resource ?? `${finding.file}:${finding.line}`;
    const egress = finding.ruleId.includes('egress');
    const any = egress ? 'any-destination' : 'any-source';
    nodes.set(id, { id, label: id, kind: 'resource' });
    nodes.set(any, { id: any, label: egress ? 'any destination' : 'any source', kind: 'any' });
    const label = finding.ruleId.replace('k8s/netpol-', '');
    const key = `${id}\u0000${label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push(egress ? { source: id, target: any, label } : { source: any, target: id, label });
  }
  return { nodes: [...nodes.values()], edges };
}

const maxOf = (counts: SeverityCounts) => Math.max(1, ...Object.values(counts));

export function registerPages(app: FastifyInstance, store: Store, options: { now?: () => number } = {}): void {
  const { driver } = store;
  const now = options.now ?? Date.now;
  const read = { config: { scope: 'public' as const, dashboard: 'read' as const } };
  const admin = { config: { scope: 'public' as const, dashboard: 'admin' as const } };

  app.get('/', read, async (request, reply) => {
    const at = now();
    const [counts, points, { images, workloads }, changes, newest] = await Promise.all([
      openCounts(driver, at, (error) => request.log.error({ err: error }, 'dashboard recount failed')), trend(driver, 30, at),
      riskiest(driver, 10), changesSince(driver, at - 86_400_000),
      store.listFindings({ status: 'open' }, { limit: 10 }),
    ]);
    const { findings, vulnerabilities } = counts;
    return reply.view('overview', {
      order: ORDER.filter((s) => s !== 'unknown' || findings.unknown + vulnerabilities.unknown > 0),
      findings, vulnerabilities, counted: counts, findingsMax: maxOf(findings), vulnerabilitiesMax: maxOf(vulnerabilities),
      findingsLink: (s: string) => withQuery('/findings', { severity: s }), vulnerabilitiesLink: (s: string) => withQuery('/vulnerabilities', { severity: s }),
      trend: points, images, workloads, changes, fmt: formatCount, newest: newest.items,
    }, { title: 'Overview', section: '/', charts: true });
  });

  app.get('/findings', read, async (request, reply) => {
    const query = request.query as Query;
    const filters = { severity: text(query, 'severity'), status: statusParam(query), rule: text(query, 'rule'), project: text(query, 'project') };
    const severity = severityParam(query);
    const cursor = text(query, 'cursor');
    const result = await store.listFindings({
      status: filters.status, ...(severity ? { severity } : {}), ...(filters.rule ? { ruleId: filters.rule } : {}), ...(filters.project ? { project: filters.project } : {}),
    }, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    return reply.view('findings', {
      items: result.items,
      filters: { reset: '/findings', fields: [severityOptions(filters.severity), statusOptions(filters.status), { label: 'Rule', name: 'rule', value: filters.rule }, { label: 'Project', name: 'project', value: filters.project }] },
      pager: pager('/findings', filters, result.next, cursor !== undefined),
    }, { title: 'Findings', section: '/findings' });
  });

  app.get('/vulnerabilities', read, async (request, reply) => {
    const query = request.query as Query;
    const filters = { severity: text(query, 'severity'), status: statusParam(query), id: text(query, 'id'), package: text(query, 'package'), project: text(query, 'project') };
    const severity = severityParam(query);
    const cursor = text(query, 'cursor');
    const result = await store.listVulnerabilities({
      status: filters.status, ...(severity ? { severity } : {}), ...(filters.id ? { vulnerabilityId: filters.id } : {}),
      ...(filters.package ? { packageName: filters.package } : {}), ...(filters.project ? { project: filters.project } : {}),
    }, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    return reply.view('vulnerabilities', {
      items: result.items,
      filters: { reset: '/vulnerabilities', fields: [severityOptions(filters.severity), statusOptions(filters.status), { label: 'Advisory', name: 'id', value: filters.id }, { label: 'Package', name: 'package', value: filters.package }, { label: 'Project', name: 'project', value: filters.project }] },
      pager: pager('/vulnerabilities', filters, result.next, cursor !== undefined),
    }, { title: 'Vulnerabilities', section: '/vulnerabilities' });
  });

  app.get('/images', read, async (request, reply) => {
    const query = request.query as Query;
    const filters = { repository: text(query, 'repository') };
    const cursor = text(query, 'cursor');
    const result = await store.listImages(filters.repository ? { repository: filters.repository } : {}, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    const counts = await openVulnerabilitiesOf(driver, result.items.map((i) => i.digest));
    const zero = { critical: 0, high: 0 };
    return reply.view('images', {
      items: result.items.map((i) => ({ ...i, counts: counts.get(i.digest) ?? zero })),
      filters: { reset: '/images', fields: [{ label: 'Repository (e.g. ghcr.io/acme/shop)', name: 'repository', value: filters.repository }] },
      pager: pager('/images', filters, result.next, cursor !== undefined),
    }, { title: 'Images', section: '/images' });
  });

  const digestOf = (request: FastifyRequest): string | undefined => {
    const digest = (request.params as { digest?: unknown }).digest;
    return typeof digest === 'string' && DIGEST.test(digest) ? digest : undefined;
  };

  app.get('/images/:digest', read, async (request, reply) => {
    const digest = digestOf(request);
    const image = digest ? await imageSummary(driver, digest) : undefined;
    if (!digest || !image) return notFound(reply, 'No image with this digest is stored.');
    const cursor = text(request.query as Query, 'cursor');
    const [[exposure], vulnerabilities] = await Promise.all([
      store.exposure({ digest }),
      store.listVulnerabilities({ digest, status: 'open' }, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
    ]);
    return reply.view('image', {
      image, references: exposure?.references ?? [], running: exposure?.running ?? [], introducedBy: exposure?.introducedBy,
      vulnerabilities: vulnerabilities.items, pager: pager(`/images/${encodeURIComponent(digest)}`, {}, vulnerabilities.next, cursor !== undefined),
    }, { title: `Image ${digest.slice(0, 19)}`, section: '/images' });
  });

  app.get('/images/:digest/sbom', read, async (request, reply) => {
    const digest = digestOf(request);
    const document = digest ? await store.sbomDocument(digest) : undefined;
    if (!digest || document === undefined) return notFound(reply, 'No SBOM is stored for this digest.');
    const name = `sbom-${digest.replace(':', '-').slice(0, 40)}.json`;
    return reply.type('application/json').header('content-disposition', `attachment; filename="${name}"`).send(document);
  });

  app.get('/clusters', read, async (_request, reply) => {
    const [items, rbac, netpol] = await Promise.all([listClusters(driver), openFindingsOfRules(driver, RBAC_RULES, 50), openFindingsOfRules(driver, NETPOL_RULES, 100)]);
    const namespaces = await Promise.all(items.map(async (cluster) => ({ cluster: cluster.name, rows: await findingsByNamespace(driver, cluster.name) })));
    return reply.view('clusters', { items, namespaces, rbac, netpol, graphData: networkGraph(netpol) }, { title: 'Clusters', section: '/clusters', graph: true });
  });

  app.get('/clusters/:name', read, async (request, reply) => {
    const name = (request.params as { name?: unknown }).name;
    const summary = typeof name === 'string' ? (await listClusters(driver)).find((c) => c.name === name) : undefined;
    if (typeof name !== 'string' || !summary) return notFound(reply, 'No cluster of this name has sent an inventory.');
    // A cluster scan uploads under the cluster's name as its project: its findings are this cluster's.
    const [{ workloads }, inventory, namespaces, rbac, netpol] = await Promise.all([
      riskiest(driver, 20, name), clusterWorkloads(driver, name), findingsByNamespace(driver, name),
      openFindingsOfRules(driver, RBAC_RULES, 50, name), openFindingsOfRules(driver, NETPOL_RULES, 100, name),
    ]);
    return reply.view('cluster', { name, summary, workloads, inventory, namespaces, project: name, rbac, netpol, graphData: networkGraph(netpol) }, { title: `Cluster ${name}`, section: '/clusters', graph: true });
  });

  app.get('/ci', read, async (request, reply) => {
    const query = request.query as Query;
    const filters = { project: text(query, 'project'), digest: text(query, 'digest') };
    const cursor = text(query, 'cursor');
    const result = await store.listReports({ ...(filters.project ? { project: filters.project } : {}), ...(filters.digest ? { digest: filters.digest } : {}) }, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    return reply.view('ci', {
      items: result.items,
      filters: { reset: '/ci', fields: [{ label: 'Project', name: 'project', value: filters.project }, { label: 'Image digest', name: 'digest', value: filters.digest }] },
      pager: pager('/ci', filters, result.next, cursor !== undefined),
    }, { title: 'CI runs', section: '/ci' });
  });

  app.get('/admission', read, async (request, reply) => {
    const query = request.query as Query;
    const filters = { cluster: text(query, 'cluster'), namespace: text(query, 'namespace'), decision: text(query, 'decision') };
    if (filters.decision !== undefined && filters.decision !== 'allowed' && filters.decision !== 'denied') throw new PageInputError('decision must be allowed or denied');
    const cursorText = text(query, 'cursor');
    if (cursorText !== undefined && !/^[1-9]\d{0,15}$/.test(cursorText)) throw new PageInputError('the cursor is not one this server handed out');
    const result = await listAdmissionDecisions(driver, {
      ...(filters.cluster ? { cluster: filters.cluster } : {}), ...(filters.namespace ? { namespace: filters.namespace } : {}),
      ...(filters.decision ? { allowed: filters.decision === 'allowed' } : {}),
    }, PAGE_SIZE, cursorText ? Number(cursorText) : undefined);
    return reply.view('admission', {
      items: result.items,
      filters: {
        reset: '/admission',
        fields: [
          { label: 'Decision', name: 'decision', value: filters.decision ?? '', options: [{ value: '', label: 'any' }, { value: 'denied', label: 'denied' }, { value: 'allowed', label: 'allowed' }] },
          { label: 'Cluster', name: 'cluster', value: filters.cluster }, { label: 'Namespace', name: 'namespace', value: filters.namespace },
        ],
      },
      pager: pager('/admission', filters, result.next !== undefined ? String(result.next) : undefined, cursorText !== undefined),
    }, { title: 'Admission decisions', section: '/admission' });
  });

  const SORTS: Record<string, (s: SuppressionRecord) => string> = {
    target: (s) => s.target, createdBy: (s) => s.createdBy, createdAt: (s) => s.createdAt, expiresAt: (s) => s.expiresAt ?? '9999',
  };
  app.get('/suppressions', read, async (request, reply) => {
    const query = request.query as Query;
    const sort = text(query, 'sort') ?? 'createdAt';
    const direction = text(query, 'dir') ?? (sort === 'createdAt' ? 'desc' : 'asc');
    const key = SORTS[sort];
    if (!key || (direction !== 'asc' && direction !== 'desc')) throw new PageInputError(`sort must be one of ${Object.keys(SORTS).join(', ')} and dir asc or desc`);
    const at = new Date(now()).toISOString();
    const items = (await store.listSuppressions())
      .map((s) => ({ ...s, expired: s.expiresAt !== undefined && s.expiresAt <= at }))
      .sort((a, b) => key(a).localeCompare(key(b)) * (direction === 'asc' ? 1 : -1));
    const principal = request.dashboardPrincipal!;
    return reply.view('suppressions', {
      items, admin: principal.scopes.includes('admin'),
      sortLink: (column: string) => withQuery('/suppressions', { sort: column, dir: column === sort && direction === 'asc' ? 'desc' : 'asc' }),
    }, { title: 'Suppressions', section: '/suppressions' });
  });

  const form = { ...admin, preHandler: app.csrfProtection };
  app.post('/suppressions', form, async (request, reply) => {
    const body = (request.body ?? {}) as Query;
    const target = text(body, 'target');
    const subject = text(body, 'subject');
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    const expires = text(body, 'expires');
    if (!target || !reason || reason.length > 2000) throw new PageInputError('a suppression needs a target and a reason (at most 2,000 characters)');
    if (subject !== undefined && !/^(image|project):./.test(subject)) throw new PageInputError('"only in" must be image:DIGEST or project:NAME');
    const expiresAt = expires === undefined ? undefined : Date.parse(`${expires}T23:59:59Z`);
    if (expiresAt !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(expires!) || Number.isNaN(expiresAt))) throw new PageInputError('expires must be a date, YYYY-MM-DD');
    await store.addSuppression({ target, reason, createdBy: request.dashboardPrincipal!.name, ...(subject ? { subject } : {}), ...(expiresAt !== undefined ? { expiresAt } : {}) });
    return reply.redirect('/suppressions', 303);
  });

  app.post('/suppressions/:id/delete', form, async (request, reply) => {
    const id = (request.params as { id?: unknown }).id;
    if (typeof id !== 'string' || !/^[1-9]\d{0,15}$/.test(id) || !(await store.deleteSuppression(Number(id)))) return notFound(reply, 'No such suppression.');
    return reply.redirect('/suppressions', 303);
  });
}

export function notFound(reply: FastifyReply, message = 'There is no page at this address.'): FastifyReply {
  return reply.code(404).view('error', { heading: 'Not found', message });
}

/** Input errors a page answers with 400 and the reason. */
export function isPageInputError(error: unknown): boolean {
  return error instanceof PageInputError || error instanceof StoreInputError;
}
