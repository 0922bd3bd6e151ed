import { Eta } from 'eta';
import type { ComplianceControl, ComplianceEvidence, ComplianceReport } from '../../checks/compliance/types.js';
import { CONTROL_STATUSES } from '../../checks/compliance/types.js';
import { resourceLabel } from '../format.js';

/**
 * The compliance report as HTML. Everything that comes from a scan (object names, messages, paths, suppression
 * reasons) is user-controlled: the templates print values only through `<%= %>`, which Eta escapes; `<%~ %>` (raw)
 * is used for the stylesheet constant and the body rendered here, nothing else.
 */

/** Print-friendly styles; the dashboard serves the same rules as a stylesheet (its CSP forbids inline style). */
export const COMPLIANCE_CSS = `
:root { --pass: #1a7f37; --fail: #c62828; --manual: #8a5a00; --na: #5b6270; --line: #d0d7de; color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1f2328; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 0 0 .25rem; }
.meta { color: #57606a; margin: 0 0 1rem; }
.banner { border: 2px solid var(--fail); padding: .5rem .75rem; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
table.summary { width: auto; min-width: 18rem; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; overflow-wrap: anywhere; }
.status { display: inline-block; min-width: 8.5em; text-align: center; font-weight: 600; border-radius: 3px; padding: 0 .4em; color: #fff; }
.status-pass { background: var(--pass); } .status-fail { background: var(--fail); }
.status-manual { background: var(--manual); } .status-not-applicable { background: var(--na); }
.control { border: 1px solid var(--line); border-left: 6px solid var(--na); padding: .6rem .8rem; margin: .75rem 0; break-inside: avoid-page; }
.control.status-pass-border { border-left-color: var(--pass); } .control.status-fail-border { border-left-color: var(--fail); }
.control.status-manual-border { border-left-color: var(--manual); }
.control p { margin: .3rem 0; }
.label { font-weight: 600; }
.evidence { font-size: .92em; }
.evidence tr { break-inside: avoid; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid-page; }
  .status { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .control { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

const evidenceTable = `<table class="evidence">
<thead><tr><th>Rule</th><th>Severity</th><th>Location</th><th>Object</th><th>Message</th><% if (it.suppressed) { %><th>Suppressed by</th><th>Reason</th><% } %></tr></thead>
<tbody>
<% for (const e of it.rows) { %><tr><td><code><%= e.ruleId %></code></td><td><%= e.severity %></td><td class="mono"><%= e.where %></td><td><%= e.object %></td><td><%= e.message %><% if (e.fieldPath) { %><br><code><%= e.fieldPath %></code><% } %></td><% if (it.suppressed) { %><td><%= e.kind %></td><td><%= e.reason %><% if (e.expires) { %> (until <%= e.expires %>)<% } %></td><% } %></tr>
<% } %></tbody>
</table>`;

const body = `<header>
<h1><%= it.framework.name %> — compliance report</h1>
<p class="meta"><%= it.framework.name %> <%= it.framework.version %> · generated <%= it.generatedAt %> by <%= it.tool.name %> <%= it.tool.version %> · scanned <%= it.scanned %></p>
<% if (it.incomplete) { %><div class="banner" role="alert"><p><strong>Incomplete scan:</strong> some input could not be read, so a control that passes here may not pass for it.</p><ul>
<% for (const e of it.errors) { %><li class="mono"><%= e %></li>
<% } %></ul></div><% } %>
</header>
<section aria-labelledby="summary">
<h2 id="summary">Summary</h2>
<table class="summary"><thead><tr><th>Status</th><th>Controls</th></tr></thead><tbody>
<% for (const s of it.summary) { %><tr><td><span class="status status-<%= s.status %>"><%= s.status %></span></td><td class="num"><%= s.count %></td></tr>
<% } %><tr><th>Total</th><td class="num"><%= it.total %></td></tr></tbody></table>
<table class="index"><thead><tr><th>Control</th><th>Title</th><th>Status</th><th>Failing</th><th>Suppressed</th></tr></thead><tbody>
<% for (const c of it.controls) { %><tr><td><a href="#<%= c.anchor %>"><%= c.id %></a></td><td><%= c.title %></td><td><span class="status status-<%= c.status %>"><%= c.status %></span></td><td class="num"><%= c.failing.length %></td><td class="num"><%= c.suppressed.length %></td></tr>
<% } %></tbody></table>
</section>
<% for (const section of it.sections) { %><section aria-labelledby="section-<%= section.anchor %>">
<h2 id="section-<%= section.anchor %>"><%= section.title %></h2>
<% for (const c of section.controls) { %><article class="control status-<%= c.status %>-border" id="<%= c.anchor %>">
<h3><%= c.id %> <%= c.title %> <span class="status status-<%= c.status %>"><%= c.status %></span></h3>
<p><%= c.description %></p>
<p><span class="label">Why <%= c.status %>:</span> <%= c.reason %></p>
<p><span class="label">Coverage:</span> <%= c.coverage %><% if (c.level) { %> · level <%= c.level %><% } %><% if (c.ruleLabels.length) { %> · rules: <% c.ruleLabels.forEach((rule, i) => { %><%= i ? ', ' : '' %><code><%= rule.id %></code><% if (rule.field) { %> (findings at <code><%= rule.field %></code>)<% } %><% }) %><% } %><% if (c.seeAlso) { %> · see also <%= c.seeAlso.join(', ') %><% } %></p>
<% if (c.audit) { %><p><span class="label">Audit:</span> <%= c.audit %></p><% } %>
<% if (c.failing.length) { %><p class="label">Failing (<%= c.failing.length %>)</p><%~ include('@evidence', { rows: c.failing, suppressed: false }) %><% } %>
<% if (c.suppressed.length) { %><p class="label">Suppressed (<%= c.suppressed.length %>)</p><%~ include('@evidence', { rows: c.suppressed, suppressed: true }) %><% } %>
</article>
<% } %></section>
<% } %>`;

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title><%= it.title %></title>
<style><%~ it.css %></style>
</head>
<body>
<%~ it.body %>
</body>
</html>
`;

const eta = new Eta({ autoEscape: true, autoTrim: false, useWith: false });
eta.loadTemplate('@evidence', evidenceTable);
eta.loadTemplate('@body', body);
eta.loadTemplate('@page', page);

interface EvidenceRow {
  ruleId: string;
  severity: string;
  where: string;
  object: string;
  message: string;
  fieldPath?: string;
  kind?: string;
  reason?: string;
  expires?: string;
}

/** The report's content (headings, summary, controls) without the document around it: for embedding in a page. */
export function renderComplianceBody(report: ComplianceReport): string {
  const controls = report.controls.map((control) => viewOf(control));
  return eta.render('@body', {
    framework: report.framework,
    generatedAt: report.generatedAt,
    tool: report.tool,
    scanned: scannedLine(report),
    incomplete: report.incomplete,
    errors: report.errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`),
    summary: CONTROL_STATUSES.map((status) => ({ status, count: report.summary[status] })),
    total: report.summary.total,
    controls,
    sections: [...new Set(controls.map((c) => c.section))].map((section) => ({
      anchor: anchorOf(section),
      title: controls.find((c) => c.section === section)?.sectionTitle ?? section,
      controls: controls.filter((c) => c.section === section),
    })),
  });
}

/** A self-contained HTML document (inline styles, no script, nothing fetched), printable as it is. */
export function renderComplianceHtml(report: ComplianceReport): string {
  return eta.render('@page', { title: `${report.framework.name} compliance report`, css: COMPLIANCE_CSS, body: renderComplianceBody(report) });
}

function viewOf(control: ComplianceControl) {
  return {
    ...control,
    anchor: `control-${anchorOf(control.id)}`,
    ruleLabels: control.rules.map((id) => ({ id, field: control.fields?.[id] })),
    failing: control.failing.map(rowOf),
    suppressed: control.suppressed.map(rowOf),
  };
}

function rowOf(evidence: ComplianceEvidence): EvidenceRow {
  return {
    ruleId: evidence.ruleId,
    severity: evidence.severity,
    where: `${evidence.file}:${evidence.line}`,
    object: evidence.resource ? resourceLabel(evidence.resource) : '',
    message: evidence.message,
    ...(evidence.fieldPath ? { fieldPath: evidence.fieldPath } : {}),
    ...(evidence.suppression ? { kind: evidence.suppression.kind, reason: evidence.suppression.reason } : {}),
    ...(evidence.suppression?.expires ? { expires: evidence.suppression.expires } : {}),
  };
}

export function scannedLine(report: ComplianceReport): string {
  const { scanned } = report;
  const parts = [scanned.target ?? '', `${scanned.files} files`, `${scanned.resources} resources`];
  if (scanned.kinds.length > 0) parts.push(`kinds: ${scanned.kinds.join(', ')}`);
  if (scanned.components.length > 0) parts.push(`components: ${scanned.components.join(', ')}`);
  return parts.filter(Boolean).join(', ');
}

/** Control and section IDs are ours, but an anchor must still be a safe token. */
const anchorOf = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '-');
