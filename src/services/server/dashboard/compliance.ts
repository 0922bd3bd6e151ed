import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Finding } from '../../../core/finding.js';
import { REPORT_SCHEMA_VERSION, emptyBySeverity, type Report } from '../../../core/report.js';
import { FRAMEWORKS, buildComplianceReport, isFrameworkId, type ComplianceReport, type FrameworkId } from '../../../checks/compliance/index.js';
import { renderComplianceBody, renderComplianceHtml, renderComplianceJson } from '../../../formats/compliance/index.js';
import { allRules } from '../../../pipeline/rule-selection.js';
import { TOOL_NAME, TOOL_VERSION } from '../../../core/version.js';
import { listProjects } from '../store/dashboard-queries.js';
import { MAX_PAGE_SIZE, type Store } from '../store/store.js';
import type { StoredFinding } from '../store/types.js';
import { PageInputError } from './pages.js';

/** A project's report is rebuilt from its stored open findings; past this many the page says it is cut short. */
const MAX_FINDINGS = 20_000;

const RULES = new Map(allRules().map((rule) => [rule.meta.id, rule.meta]));

/** `Deployment/shop/web` (or `ClusterRole/admin`) back into a resource reference. */
function resourceOf(text: string | undefined): Finding['resource'] {
  if (!text) return undefined;
  const parts = text.split('/');
  return parts.length >= 3 ? { kind: parts[0]!, namespace: parts[1]!, name: parts.slice(2).join('/') } : { kind: parts[0]!, ...(parts[1] ? { name: parts[1] } : {}) };
}

function findingOf(stored: StoredFinding): Finding {
  const resource = resourceOf(stored.resource);
  const meta = RULES.get(stored.ruleId);
  return {
    ruleId: stored.ruleId, severity: stored.severity, title: stored.title, message: stored.message,
    location: { file: stored.file, startLine: stored.line, startColumn: 1, endLine: stored.line, endColumn: 1 },
    ...(resource ? { resource } : {}),
    controls: [], aliases: [], remediation: meta?.remediation ?? '', fingerprint: stored.fingerprint,
    // Accepted on the server, with who accepted it: the evidence an auditor asks for.
    ...(stored.suppressed ? { suppressed: { kind: 'config' as const, reason: `${stored.suppressed.reason} (server suppression by ${stored.suppressed.createdBy})`, ...(stored.suppressed.expiresAt ? { expires: stored.suppressed.expiresAt } : {}) } } : {}),
  };
}

/**
 * The compliance report of a project's stored findings. The server keeps findings, not the list of rules each scan
 * ran, so only rules with findings count as having run: a control is failed by its findings, and one without any is
 * not applicable rather than passed. `rampart scan --compliance` on the source has the full picture.
 */
export async function projectCompliance(store: Store, project: string, framework: FrameworkId, now: Date): Promise<{ report: ComplianceReport; truncated: boolean }> {
  const findings: Finding[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listFindings({ project, status: 'open' }, { limit: MAX_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    findings.push(...page.items.map(findingOf));
    cursor = page.next;
  } while (cursor && findings.length < MAX_FINDINGS);
  const ran = [...new Set(findings.map((f) => f.ruleId))].flatMap((id) => (RULES.has(id) ? [RULES.get(id)!] : []));
  const bySeverity = emptyBySeverity();
  for (const finding of findings) if (!finding.suppressed) bySeverity[finding.severity]++;
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION, tool: { name: TOOL_NAME, version: TOOL_VERSION }, findings, vulnerabilities: [], errors: [], rules: ran,
    summary: {
      bySeverity, files: new Set(findings.map((f) => f.location.file)).size, resources: new Set(findings.map((f) => JSON.stringify(f.resource ?? null))).size,
      suppressed: findings.filter((f) => f.suppressed).length, durationMs: 0, packages: 0, vulnerabilities: { bySeverity: emptyBySeverity(), suppressed: 0 },
    },
  };
  return { report: buildComplianceReport(report, framework, { now }), truncated: cursor !== undefined };
}

export function registerCompliancePages(app: FastifyInstance, store: Store, now: () => number): void {
  const read = { config: { scope: 'public' as const, dashboard: 'read' as const } };
  const choice = async (query: Record<string, unknown>) => {
    const projects = await listProjects(store.driver);
    const framework = typeof query.framework === 'string' && query.framework ? query.framework : 'nsa';
    if (!isFrameworkId(framework)) throw new PageInputError(`framework must be one of ${Object.keys(FRAMEWORKS).join(', ')}`);
    const project = typeof query.project === 'string' && query.project ? query.project : projects[0];
    if (project !== undefined && !projects.includes(project)) throw new PageInputError('no project of this name has uploaded a report');
    return { projects, framework, project };
  };

  app.get('/compliance', read, async (request, reply) => {
    const { projects, framework, project } = await choice(request.query as Record<string, unknown>);
    const built = project !== undefined ? await projectCompliance(store, project, framework, new Date(now())) : undefined;
    const query = project !== undefined ? `project=${encodeURIComponent(project)}&framework=${framework}` : '';
    return reply.view('compliance', {
      filters: {
        reset: '/compliance',
        fields: [
          { label: 'Project', name: 'project', value: project ?? '', options: projects.map((p) => ({ value: p, label: p })) },
          { label: 'Framework', name: 'framework', value: framework, options: Object.values(FRAMEWORKS).map((f) => ({ value: f.id, label: f.name })) },
        ],
      },
      body: built ? renderComplianceBody(built.report) : undefined, truncated: built?.truncated ?? false, query,
    }, { title: 'Compliance', section: '/compliance', compliance: true });
  });

  const download = (reply: FastifyReply, name: string, type: string, content: string) =>
    reply.type(type).header('content-disposition', `attachment; filename="${name}"`).send(content);

  app.get('/compliance/report.json', read, async (request, reply) => {
    const { framework, project } = await choice(request.query as Record<string, unknown>);
    if (project === undefined) throw new PageInputError('no project has uploaded a report yet');
    const { report } = await projectCompliance(store, project, framework, new Date(now()));
    return download(reply, `compliance-${framework}.json`, 'application/json', renderComplianceJson(report));
  });

  app.get('/compliance/report.html', read, async (request, reply) => {
    const { framework, project } = await choice(request.query as Record<string, unknown>);
    if (project === undefined) throw new PageInputError('no project has uploaded a report yet');
    const { report } = await projectCompliance(store, project, framework, new Date(now()));
    return download(reply, `compliance-${framework}.html`, 'text/html; charset=utf-8', renderComplianceHtml(report));
  });
}
